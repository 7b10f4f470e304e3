import type { WasmKernels } from './load.js';

const PAGE = 65536;
/** Bytes kept readable after the last buffer. */
const READ_SLACK = 64;

/** Where each buffer of one call lives in the module's memory, and a view of that memory. */
export interface Arena {
  /**
   * Thread 0's scratch region; thread i's starts `scratchStride` bytes later. Each begins with
   * the GEMM's scratch (packed panels, edge tile): pass it to every `gemm` call that thread makes.
   */
  scratch: number;
  scratchStride: number;
  /** Byte offsets of the requested buffers, in order, each 16-byte aligned. */
  ptrs: number[];
  /** The whole memory as floats; index = byte offset / 4. */
  f32: Float32Array;
}

/** Options of {@link arena}. */
export interface ArenaOptions {
  /** Threads that each need a scratch region (default 1). */
  threads?: number;
  /** Bytes each region holds after the GEMM's scratch, at {@link gemmScratchEnd} (e.g. a band's column matrix). */
  extraScratchBytes?: number;
}

/**
 * Lays out one call's buffers after the module's static data and the threads' scratch regions,
 * growing the memory when they do not fit. Calls run one at a time from the calling thread (worker
 * threads only run inside a call), so each call reuses the same region. Views made before a grow
 * are detached: take `f32` from here, after the last grow.
 *
 * @example
 * const { ptrs: [xPtr, yPtr], f32 } = arena(kernels, [x.length, y.length]);
 */
export function arena(k: WasmKernels, floats: readonly number[], options: ArenaOptions = {}): Arena {
  const threads = options.threads ?? 1;
  const scratch = k.exports.heapBase();
  const scratchStride = align(gemmScratchEnd(k) + (options.extraScratchBytes ?? 0));
  let end = scratch + threads * scratchStride;
  const ptrs = floats.map((n) => {
    const ptr = end;
    end = align(end + n * 4);
    return ptr;
  });
  // Kernels may read a little past a buffer's last float (the GEMM's in-place edge panel, max
  // pooling's stride-2 gather) and discard it: that must never fall off the end of the memory.
  const have = k.memory.buffer.byteLength;
  if (have < end + READ_SLACK) k.memory.grow(Math.ceil((end + READ_SLACK - have) / PAGE));
  return { scratch, scratchStride, ptrs, f32: new Float32Array(k.memory.buffer) };
}

/** Offset within a scratch region where the GEMM's scratch ends and a caller's extra bytes begin. */
export function gemmScratchEnd(k: WasmKernels): number {
  return align(k.exports.gemmScratchBytes());
}

function align(bytes: number): number {
  return (bytes + 15) & ~15;
}
