import { SHARED_MAX_PAGES, kernelsBase64, kernelsRelaxedBase64, kernelsRelaxedSharedBase64, kernelsSharedBase64 } from './kernels.generated.js';

/** The functions `assembly/index.ts` exports; pointers are byte offsets into {@link WasmKernels.memory}. */
export interface KernelExports {
  heapBase(): number;
  gemmScratchBytes(): number;
  gemm(
    M: number, N: number, K: number,
    a: number, aRow: number, aCol: number,
    b: number, bRow: number, bCol: number,
    c: number, ldc: number, accumulate: number,
    scratch: number,
  ): void;
  im2col(
    x: number, H: number, W: number, channels: number,
    OW: number, KH: number, KW: number, SH: number, SW: number, DH: number, DW: number, top: number, left: number,
    rowStart: number, rowEnd: number, col: number,
  ): void;
  convDirect(
    x: number, w: number, out: number,
    batch: number, inChannels: number, H: number, W: number, outChannels: number, OH: number, OW: number, groups: number,
    KH: number, KW: number, SH: number, SW: number, DH: number, DW: number, top: number, left: number,
  ): void;
  maxPool(
    x: number, out: number, planes: number, H: number, W: number, OH: number, OW: number,
    KH: number, KW: number, SH: number, SW: number, PH: number, PW: number, DH: number, DW: number,
  ): void;
  maxPoolBackward(
    dy: number, x: number, dx: number, planes: number, H: number, W: number, OH: number, OW: number,
    KH: number, KW: number, SH: number, SW: number, PH: number, PW: number, DH: number, DW: number,
  ): void;
  maxPool2x2(x: number, out: number, planes: number, OH: number, OW: number): void;
  maxPool2x2Backward(dy: number, x: number, dx: number, planes: number, OH: number, OW: number): void;
  addInto(dst: number, src: number, count: number): void;
  addChannelBias(out: number, bias: number, batch: number, channels: number, plane: number): void;
  sumToChannels(dy: number, sums: number, batch: number, channels: number, inner: number): void;
  adamStep(p: number, g: number, m: number, v: number, count: number, lr: number, beta1: number, beta2: number, keep1: number, keep2: number, c1: number, c2: number, eps: number, wd: number): void;
  relu(x: number, out: number, count: number): void;
  reluBackward(dy: number, x: number, out: number, count: number): void;
  leakyRelu(x: number, out: number, count: number, alpha: number): void;
  leakyReluBackward(dy: number, x: number, out: number, count: number, alpha: number): void;
  /** Normal values of a seeded fill; hands back the draws its exp cannot settle exactly (assembly/random.ts). */
  zigguratFill(
    out: number, count: number, state0: number, first: number,
    bounds: number, widths: number, layerX: number, layerF: number,
    std: number, margin: number, drawSlot: number,
  ): number;
  col2im(
    col: number, H: number, W: number, channels: number,
    OW: number, KH: number, KW: number, SH: number, SW: number, DH: number, DW: number, top: number, left: number,
    rowStart: number, rowEnd: number, dx: number,
  ): void;
}

/** A loaded instance: its exports and the memory it works in (grow it, then re-create views). */
export interface WasmKernels {
  readonly exports: KernelExports;
  readonly memory: WasmMemory;
  /** `relaxed` when the host validated relaxed SIMD and the fused multiply-add variant runs. */
  readonly variant: 'simd' | 'relaxed';
  /** The compiled module, which worker threads instantiate again on the same memory (thread-pool.ts). */
  readonly module: object;
  /**
   * Whether the memory is shared: where the host allows it (Node; cross-origin isolated pages and
   * their workers). Where it is not, kernels run on the calling thread only.
   */
  readonly shared: boolean;
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

// The core's lib is ES2022 without DOM typings, so the few WebAssembly members used are typed
// here rather than pulling DOM or Node types into a library that must run in both.
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<object>;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}
const host = globalThis as unknown as { WebAssembly?: WasmApi; atob?: (text: string) => string };

let state: 'idle' | 'compiling' | 'ready' | 'unavailable' = 'idle';
let kernels: WasmKernels | undefined;
let ready: Promise<boolean> | undefined;

function decode(base64: string): Uint8Array {
  const text = host.atob!(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function instantiate(api: WasmApi, module: object, variant: WasmKernels['variant'], memory: WasmMemory | undefined): WasmKernels {
  const shared = memory !== undefined;
  memory ??= new api.Memory({ initial: 64 });
  const instance = new api.Instance(module, { env: { memory } });
  return { exports: instance.exports as KernelExports, memory, variant, module, shared };
}

/**
 * A shared memory where the host allows one, else undefined. Browsers allow it only on
 * cross-origin isolated pages (and their workers); Node always does.
 */
function sharedMemory(api: WasmApi): WasmMemory | undefined {
  if (typeof SharedArrayBuffer === 'undefined') return undefined;
  try {
    return new api.Memory({ initial: 64, maximum: SHARED_MAX_PAGES, shared: true });
  } catch {
    return undefined;
  }
}

/**
 * The WebAssembly SIMD kernels when they are loaded, else undefined. The first call compiles the
 * module: synchronously where the host allows it (Node, workers, Electron), otherwise (a browser's
 * main thread refuses a synchronous compile above a few KB) asynchronously, and until that ends
 * callers use the TypeScript kernels. Hosts without WebAssembly SIMD get undefined for good.
 *
 * @example
 * const k = wasmKernels();
 * if (k) console.log('SIMD kernels loaded,', k.memory.buffer.byteLength, 'bytes of memory');
 */
export function wasmKernels(): WasmKernels | undefined {
  if (state === 'idle') start();
  return kernels;
}

/**
 * Resolves true once the kernels are loaded, false where the host cannot run them (no
 * WebAssembly, or no SIMD). Await it on a browser's main thread before timing anything.
 *
 * @example
 * if (await wasmKernelsReady()) console.log('conv2d runs on WebAssembly SIMD');
 */
export function wasmKernelsReady(): Promise<boolean> {
  if (state === 'idle') start();
  return ready!;
}

function start(): void {
  const api = host.WebAssembly;
  if (!api || !host.atob) {
    state = 'unavailable';
    ready = Promise.resolve(false);
    return;
  }
  // Relaxed SIMD's fused multiply-add doubles the arithmetic rate where the host has it; its
  // results may differ from mul+add in the last bit, within every tolerance of the suite.
  const memory = sharedMemory(api);
  const relaxed = decode(memory ? kernelsRelaxedSharedBase64 : kernelsRelaxedBase64);
  const variant: WasmKernels['variant'] = api.validate(relaxed) ? 'relaxed' : 'simd';
  const bytes = variant === 'relaxed' ? relaxed : decode(memory ? kernelsSharedBase64 : kernelsBase64);
  if (!api.validate(bytes)) {
    state = 'unavailable';
    ready = Promise.resolve(false);
    return;
  }
  try {
    kernels = instantiate(api, new api.Module(bytes), variant, memory);
    state = 'ready';
    ready = Promise.resolve(true);
    return;
  } catch {
    // A browser's main thread refuses synchronous compiles of larger modules (a RangeError).
  }
  state = 'compiling';
  ready = api.compile(bytes).then(
    (module) => {
      kernels = instantiate(api, module, variant, memory);
      state = 'ready';
      return true;
    },
    () => {
      state = 'unavailable';
      return false;
    },
  );
}
