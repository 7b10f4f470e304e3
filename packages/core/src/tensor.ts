import { fail, formatShape } from './errors.js';
import { checkedSize } from './limits.js';
import { createRandom } from './random.js';

/** Nested number arrays as accepted by {@link tensor} and returned by {@link Tensor.toArray}. */
export type NestedArray = number | NestedArray[];

/**
 * Values that live on an accelerator (a GPU buffer), owned by the backend that made them.
 * Core never looks inside: it reads them back with `read()` and frees them with `dispose()`.
 */
export interface DeviceStorage {
  /** The backend's name, e.g. `webgpu`; shown in errors and in {@link Tensor.device}. */
  readonly device: string;
  /** Copies the values to the host. */
  read(): Promise<Float32Array>;
  /** Frees the memory; idempotent. Reading a disposed storage rejects. */
  dispose(): void;
  /** True once disposed. */
  readonly disposed: boolean;
}

/**
 * Scopes opened by {@link tidy}: every device tensor made inside is disposed at the end unless
 * returned or kept. CPU tensors need no scope (the garbage collector frees them).
 */
const scopes: Set<DeviceStorage>[] = [];
/** Set while a reshape wraps storage that a scope already tracks. */
let sharing = false;

function isDeviceStorage(value: Float32Array | DeviceStorage): value is DeviceStorage {
  return typeof (value as DeviceStorage).read === 'function' && typeof (value as DeviceStorage).device === 'string';
}

/** In-place updates of a CPU tensor's values (optimizer steps), so device caches of uploads can tell stale copies. */
const versions = new WeakMap<Float32Array, number>();

/**
 * How many times a CPU tensor's values were changed in place (by an optimizer step). A backend
 * that caches uploads of CPU tensors compares it to know when its copy is stale.
 *
 * @example
 * const before = tensorVersion(w); optimizer.step(...); tensorVersion(w) > before; // true
 */
export function tensorVersion(t: Tensor): number {
  return t.isOnDevice ? 0 : versions.get(t.data) ?? 0;
}

/** Records an in-place change of a CPU tensor's values; only backend update kernels call it. */
export function markChanged(t: Tensor): void {
  if (!t.isOnDevice) versions.set(t.data, (versions.get(t.data) ?? 0) + 1);
}

/**
 * A float32 tensor in row-major order; images are NCHW (batch, channels, height, width).
 * Tensors are values: ops never change their inputs' data.
 *
 * @example
 * const x = tensor([1, 2, 3, 4], [1, 1, 2, 2]);
 * x.get(0, 0, 1, 0); // 3
 */
export class Tensor {
  readonly shape: readonly number[];
  /** Number of elements. */
  readonly size: number;
  /** The host values, or undefined for a device tensor. */
  readonly #data: Float32Array | undefined;
  /** The accelerator's values, or undefined for a CPU tensor. */
  readonly storage: DeviceStorage | undefined;

  /**
   * Host values and a shape; backends pass a {@link DeviceStorage} instead for values that stay
   * on an accelerator (prefer {@link Tensor.fromDevice} there).
   */
  constructor(data: Float32Array | DeviceStorage, shape: readonly number[]) {
    const size = checkedSize('tensor', 'shape', shape);
    this.shape = Object.freeze([...shape]);
    this.size = size;
    if (!isDeviceStorage(data)) {
      if (data.length !== size) {
        fail('tensor', 'data', `has ${data.length} values but shape ${formatShape(shape)} needs ${size}`);
      }
      this.#data = data;
      this.storage = undefined;
    } else {
      this.#data = undefined;
      this.storage = data;
      if (!sharing) scopes[scopes.length - 1]?.add(data);
    }
  }

  /**
   * A tensor whose values stay on an accelerator; backends call this for their outputs. Inside
   * {@link tidy} it is disposed at the scope's end unless returned or {@link keep}-t.
   *
   * @example
   * const y = Tensor.fromDevice(gpuStorage, [1, 8, 26, 26]);
   * const values = await y.read();
   */
  static fromDevice(storage: DeviceStorage, shape: readonly number[]): Tensor {
    return new Tensor(storage, shape);
  }

  /** `cpu` for host values, else the backend's name (e.g. `webgpu`). */
  get device(): string {
    return this.storage ? this.storage.device : 'cpu';
  }

  /** True when the values live on an accelerator: read them with {@link Tensor.read}. */
  get isOnDevice(): boolean {
    return this.storage !== undefined;
  }

  /**
   * The values in row-major order. A device tensor has none on the host: this throws, and
   * `await tensor.read()` copies them back.
   */
  get data(): Float32Array {
    if (this.#data === undefined) {
      return fail('Tensor.data', 'tensor', `${formatShape(this.shape)} lives on ${this.device}; use \`await tensor.read()\` to copy its values to the CPU`);
    }
    return this.#data;
  }

  /**
   * The values on the host, for CPU and device tensors alike (a CPU tensor resolves at once
   * with its own data: do not change it).
   *
   * @example
   * const [loss] = await crossEntropy(logits, labels).read();
   */
  read(): Promise<Float32Array> {
    return this.storage ? this.storage.read() : Promise.resolve(this.data);
  }

  /** Frees a device tensor's memory (and that of every reshape sharing it); no-op on the CPU. */
  dispose(): void {
    this.storage?.dispose();
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /**
   * The same data seen with another shape; one dimension may be -1 (inferred).
   *
   * @example
   * zeros([2, 3, 4]).reshape([2, -1]).shape; // [2, 12]
   */
  reshape(shape: readonly number[]): Tensor {
    const inferred = inferReshape(this.shape, shape, this.size);
    // A reshape of a device tensor shares its storage and is not tracked again: disposing either frees both.
    if (!this.storage) return new Tensor(this.data, inferred);
    sharing = true;
    try {
      return new Tensor(this.storage, inferred);
    } finally {
      sharing = false;
    }
  }

  /** The element at the given indices (one per dimension), bounds-checked. */
  get(...indices: number[]): number {
    if (indices.length !== this.rank) {
      fail('Tensor.get', 'indices', `must give ${this.rank} indices for shape ${formatShape(this.shape)}, got ${indices.length}`);
    }
    let offset = 0;
    for (let axis = 0; axis < this.rank; axis++) {
      const index = indices[axis];
      const dim = this.shape[axis];
      if (!Number.isInteger(index) || index < 0 || index >= dim) {
        fail('Tensor.get', `index ${axis}`, `must be an integer in [0, ${dim - 1}], got ${index}`);
      }
      offset = offset * dim + index;
    }
    return this.data[offset];
  }

  /** A copy with its own data. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** The values as nested arrays (a scalar for rank 0). */
  toArray(): NestedArray {
    const build = (axis: number, offset: number): NestedArray => {
      if (axis === this.rank) return this.data[offset];
      const stride = this.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      return Array.from({ length: this.shape[axis] }, (_, i) => build(axis + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  toString(): string {
    return this.storage ? `Tensor${formatShape(this.shape)} on ${this.device}` : `Tensor${formatShape(this.shape)}`;
  }
}

type Kept = Tensor | readonly Kept[] | ReadonlyMap<unknown, Kept> | { readonly [key: string]: Kept | undefined } | undefined | void;

function collect(value: unknown, into: Set<DeviceStorage>): void {
  if (value instanceof Tensor) {
    if (value.storage) into.add(value.storage);
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, into);
  } else if (value instanceof Map) {
    for (const v of value.values()) collect(v, into);
  } else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collect(v, into);
  }
}

/**
 * Runs `work` and disposes every device tensor it made, except those in its result (a tensor,
 * or arrays, maps and plain objects of them) and those passed to {@link keep}. Kept results
 * move to the enclosing scope. CPU tensors are untouched, so code that tidies runs unchanged on
 * the CPU backend. `work` must be synchronous: kernels are queued, not awaited.
 *
 * @example
 * const logits = tidy(() => model.forward(x).get('fc')!); // intermediate maps freed
 */
export function tidy<T extends Kept>(work: () => T): T {
  const scope = new Set<DeviceStorage>();
  scopes.push(scope);
  let result: T;
  try {
    result = work();
  } finally {
    scopes.pop();
  }
  const kept = new Set<DeviceStorage>();
  collect(result, kept);
  const outer = scopes[scopes.length - 1];
  for (const storage of scope) {
    if (kept.has(storage)) outer?.add(storage);
    else storage.dispose();
  }
  return result;
}

/** Takes a device tensor out of the enclosing {@link tidy} scopes: the caller disposes it. */
export function keep<T extends Tensor>(t: T): T {
  if (t.storage) for (const scope of scopes) scope.delete(t.storage);
  return t;
}

function inferReshape(from: readonly number[], to: readonly number[], size: number): number[] {
  const unknown = to.filter((d) => d === -1).length;
  if (unknown > 1) fail('reshape', 'shape', `may contain at most one -1, got ${formatShape(to)}`);
  const known = to.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const result = to.map((d) => (d === -1 ? (known === 0 ? 0 : size / known) : d));
  const count = result.reduce((a, b) => a * b, 1);
  if (count !== size || result.some((d) => !Number.isInteger(d) || d < 0)) {
    fail('reshape', 'shape', `${formatShape(to)} does not fit ${size} elements of shape ${formatShape(from)}`);
  }
  return result;
}

function flattenNested(values: NestedArray, out: number[], shape: number[], depth: number): void {
  if (typeof values === 'number') {
    if (depth !== shape.length) fail('tensor', 'data', 'is a ragged nested array');
    out.push(values);
    return;
  }
  if (depth === shape.length) shape.push(values.length);
  else if (shape[depth] !== values.length) fail('tensor', 'data', 'is a ragged nested array');
  for (const value of values) flattenNested(value, out, shape, depth + 1);
}

/**
 * Creates a tensor from flat values and a shape, or from nested arrays (shape inferred).
 *
 * @example
 * tensor([[1, 2], [3, 4]]).shape;      // [2, 2]
 * tensor([1, 2, 3, 4], [1, 1, 2, 2]);  // an NCHW image
 */
export function tensor(data: ArrayLike<number> | NestedArray, shape?: readonly number[]): Tensor {
  if (shape === undefined) {
    if (typeof data === 'number' || Array.isArray(data)) {
      const flat: number[] = [];
      const inferred: number[] = [];
      flattenNested(data as NestedArray, flat, inferred, 0);
      return new Tensor(Float32Array.from(flat), inferred);
    }
    return new Tensor(Float32Array.from(data as ArrayLike<number>), [(data as ArrayLike<number>).length]);
  }
  if (typeof data === 'number') return new Tensor(Float32Array.of(data), shape);
  const flat = Array.isArray(data) ? (data as NestedArray[]).flat(Infinity as 1) : data;
  return new Tensor(data instanceof Float32Array ? data : Float32Array.from(flat as ArrayLike<number>), shape);
}

/** A tensor of zeros. Refused before allocating when the shape exceeds the memory limit. */
export function zeros(shape: readonly number[]): Tensor {
  return new Tensor(new Float32Array(checkedSize('zeros', 'shape', shape)), shape);
}

/** A tensor of ones. */
export function ones(shape: readonly number[]): Tensor {
  return full(shape, 1);
}

/** A tensor filled with one value. */
export function full(shape: readonly number[], value: number): Tensor {
  return new Tensor(new Float32Array(checkedSize('full', 'shape', shape)).fill(value), shape);
}

/** Options of the seeded random factories. */
export interface RandomOptions {
  /** Seed of the generator; the same seed gives the same values everywhere. Default 0. */
  seed?: number;
}

/**
 * Uniform random values in [low, high) (default [0, 1)) from a seeded generator.
 *
 * @example
 * rand([2, 2], { seed: 1 });
 */
export function rand(shape: readonly number[], options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const { seed = 0, low = 0, high = 1 } = options;
  const rng = createRandom(seed);
  const data = new Float32Array(checkedSize('rand', 'shape', shape));
  for (let i = 0; i < data.length; i++) data[i] = low + (high - low) * rng.next();
  return new Tensor(data, shape);
}

/**
 * Normal random values (default mean 0, std 1) from a seeded generator.
 *
 * @example
 * randn([64, 3, 3, 3], { seed: 7, std: 0.1 });
 */
export function randn(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const { seed = 0, mean = 0, std = 1 } = options;
  const rng = createRandom(seed);
  const data = new Float32Array(checkedSize('randn', 'shape', shape));
  for (let i = 0; i < data.length; i++) data[i] = mean + std * rng.normal();
  return new Tensor(data, shape);
}
