import { outputFloats } from '../step-buffers.js';
import { Tensor } from '../tensor.js';
import { type Gemm, gemm } from './gemm.js';

/** op(a) · op(b) for rank-2 tensors through the shared GEMM; transposes are free strides. */
export function matMul(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean, mm: Gemm = gemm): Tensor {
  const [aRows, aCols] = a.shape;
  const [bRows, bCols] = b.shape;
  const M = transposeA ? aCols : aRows;
  const K = transposeA ? aRows : aCols;
  const N = transposeB ? bRows : bCols;
  // The GEMM writes every entry of C when not accumulating, so a reused array is fine.
  const out = outputFloats(M * N);
  const A = transposeA
    ? { data: a.data, offset: 0, rowStride: 1, colStride: aCols }
    : { data: a.data, offset: 0, rowStride: aCols, colStride: 1 };
  const B = transposeB
    ? { data: b.data, offset: 0, rowStride: 1, colStride: bCols }
    : { data: b.data, offset: 0, rowStride: bCols, colStride: 1 };
  mm(M, N, K, A, B, out, 0, N, false);
  return new Tensor(out, [M, N]);
}
