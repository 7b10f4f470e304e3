import { fail, formatShape } from './errors.js';
import { checkedSize } from './limits.js';
import { createRandom } from './random.js';

/** Nested number arrays as accepted by {@link tensor} and returned by {@link Tensor.toArray}. */
export type NestedArray = number | NestedArray[];

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
  readonly data: Float32Array;

  constructor(data: Float32Array, shape: readonly number[]) {
    const size = checkedSize('tensor', 'shape', shape);
    if (data.length !== size) {
      fail('tensor', 'data', `has ${data.length} values but shape ${formatShape(shape)} needs ${size}`);
    }
    this.shape = Object.freeze([...shape]);
    this.data = data;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
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
    return new Tensor(this.data, inferred);
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
    return `Tensor${formatShape(this.shape)}`;
  }
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
