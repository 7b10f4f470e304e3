import { fail } from '../errors.js';
import type { MatrixView } from '../matrix-view.js';
import { arena } from './arena.js';
import { wasmKernels } from './load.js';

/** Elements a strided rows x cols view spans, from its first to its last entry. */
function span(view: MatrixView, rows: number, cols: number): number {
  return (rows - 1) * view.rowStride + (cols - 1) * view.colStride + 1;
}

/**
 * The same contract as {@link gemm} (C[M,N] = A·B, or C += A·B), run by the WebAssembly SIMD
 * kernel. Operands live in JavaScript arrays, so each call copies the span A and B cover into the
 * module's memory and C back out: O(MK + KN + MN) copies against O(MNK) arithmetic.
 *
 * @example
 * gemmWasm(2, 2, 3, { data: a, offset: 0, rowStride: 3, colStride: 1 },
 *          { data: b, offset: 0, rowStride: 2, colStride: 1 }, c, 0, 2, false);
 */
export function gemmWasm(
  M: number,
  N: number,
  K: number,
  A: MatrixView,
  B: MatrixView,
  C: Float32Array,
  cOffset: number,
  ldc: number,
  accumulate: boolean,
): void {
  // Empty products need no copies: with K = 0, C = A·B is all zeros (or unchanged when accumulating).
  if (M === 0 || N === 0 || K === 0) {
    if (!accumulate) for (let i = 0; i < M; i++) C.fill(0, cOffset + i * ldc, cOffset + i * ldc + N);
    return;
  }
  const k = requireWasmKernels('gemm');
  const aSpan = span(A, M, K);
  const bSpan = span(B, K, N);
  const cSpan = (M - 1) * ldc + N;
  const { scratch, ptrs: [aPtr, bPtr, cPtr], f32: mem } = arena(k, [aSpan, bSpan, cSpan]);
  mem.set(A.data.subarray(A.offset, A.offset + aSpan), aPtr >> 2);
  mem.set(B.data.subarray(B.offset, B.offset + bSpan), bPtr >> 2);
  // C's rows may be interleaved with entries that are not ours (ldc > N): copy them in so that
  // copying the span back out returns them unchanged.
  if (accumulate || ldc !== N) mem.set(C.subarray(cOffset, cOffset + cSpan), cPtr >> 2);
  k.exports.gemm(M, N, K, aPtr, A.rowStride, A.colStride, bPtr, B.rowStride, B.colStride, cPtr, ldc, accumulate ? 1 : 0, scratch);
  C.set(mem.subarray(cPtr >> 2, (cPtr >> 2) + cSpan), cOffset);
}

/** The loaded kernels, or a ConvStudioError naming `op` where they are not loaded. */
export function requireWasmKernels(op: string) {
  return wasmKernels() ?? fail(op, 'kernels', 'WebAssembly SIMD kernels are not loaded here (await wasmKernelsReady(), or use the TypeScript kernels)');
}
