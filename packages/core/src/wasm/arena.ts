import type { WasmKernels } from './load.js';

const PAGE = 65536;

/** Where each buffer of one call lives in the module's memory, and a view of that memory. */
export interface Arena {
  /** The GEMM's scratch (packed panels, edge tile): pass it to every `gemm` call. */
  scratch: number;
  /** Byte offsets of the requested buffers, in order, each 16-byte aligned. */
  ptrs: number[];
  /** The whole memory as floats; index = byte offset / 4. */
  f32: Float32Array;
}

/**
 * Lays out one call's buffers after the module's static data and the GEMM scratch, growing the
 * memory when they do not fit. Calls run one at a time on a thread, so each call reuses the same
 * region. Views made before a grow are detached: take `f32` from here, after the last grow.
 *
 * @example
 * const { ptrs: [xPtr, yPtr], f32 } = arena(kernels, [x.length, y.length]);
 */
export function arena(k: WasmKernels, floats: readonly number[]): Arena {
  const scratch = k.exports.heapBase();
  let end = align(scratch + k.exports.gemmScratchBytes());
  const ptrs = floats.map((n) => {
    const ptr = end;
    end = align(end + n * 4);
    return ptr;
  });
  const have = k.memory.buffer.byteLength;
  if (have < end) k.memory.grow(Math.ceil((end - have) / PAGE));
  return { scratch, ptrs, f32: new Float32Array(k.memory.buffer) };
}

function align(bytes: number): number {
  return (bytes + 15) & ~15;
}
