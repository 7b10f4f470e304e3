import type { MatrixView } from '../matrix-view.js';

export type { MatrixView };
/**
 * The one matrix multiply behind conv2d (forward and both gradients), transposed convolution
 * and linear: C[M,N] (+)= A[M,K] · B[K,N] on float32 arrays.
 *
 * A and B are addressed through row and column strides, so a transposed operand costs nothing:
 * it is read in the order the packing wants. The loop structure is the classic Goto/BLIS one:
 * B is packed into KC x NR column panels, A into MR x KC row panels (both zero-padded to whole
 * panels so the micro-kernel never branches), and a register-blocked MR x NR micro-kernel runs
 * over them. It is the readable reference: the CPU backend runs the WebAssembly SIMD twin
 * (src/wasm/gemm-wasm.ts, same contract) where it loads.
 */


/** The signature every matrix multiply shares: this one and the WebAssembly SIMD one (src/wasm). */
export type Gemm = typeof gemm;

const MR = 4;
const NR = 8;
// KC x NR panels of B (8 KiB each) stay in L1; an MC x KC block of A (64 KiB) stays in L2.
const KC = 256;
const MC = 64;
const NC = 2048;

let packedA = new Float32Array(MC * KC);
let packedB = new Float32Array(KC * NC);
const tile = new Float64Array(MR * NR);

/**
 * C[M,N] = A·B, or C += A·B when `accumulate` is set. C is row-major with leading dimension `ldc`.
 *
 * @example
 * // 2x3 · 3x2
 * gemm(2, 2, 3, { data: a, offset: 0, rowStride: 3, colStride: 1 },
 *      { data: b, offset: 0, rowStride: 2, colStride: 1 }, c, 0, 2, false);
 */
export function gemm(
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
  if (M === 0 || N === 0) return;
  if (!accumulate) {
    for (let i = 0; i < M; i++) C.fill(0, cOffset + i * ldc, cOffset + i * ldc + N);
  }
  if (K === 0) return;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    const ncPadded = Math.ceil(nc / NR) * NR;
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      if (packedB.length < kc * ncPadded) packedB = new Float32Array(kc * ncPadded);
      packB(B, pc, jc, kc, nc, packedB);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        const mcPadded = Math.ceil(mc / MR) * MR;
        if (packedA.length < mcPadded * kc) packedA = new Float32Array(mcPadded * kc);
        packA(A, ic, pc, mc, kc, packedA);
        macroKernel(mc, nc, kc, packedA, packedB, C, cOffset + ic * ldc + jc, ldc);
      }
    }
  }
}

/** Packs A[ic:ic+mc, pc:pc+kc] into MR-row panels: panel p holds, for each k, its MR rows. */
function packA(A: MatrixView, ic: number, pc: number, mc: number, kc: number, out: Float32Array): void {
  const { data, offset, rowStride, colStride } = A;
  let o = 0;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = Math.min(MR, mc - i0);
    for (let k = 0; k < kc; k++) {
      const base = offset + (ic + i0) * rowStride + (pc + k) * colStride;
      for (let r = 0; r < rows; r++) out[o + r] = data[base + r * rowStride];
      for (let r = rows; r < MR; r++) out[o + r] = 0;
      o += MR;
    }
  }
}

/** Packs B[pc:pc+kc, jc:jc+nc] into NR-column panels: panel p holds, for each k, its NR columns. */
function packB(B: MatrixView, pc: number, jc: number, kc: number, nc: number, out: Float32Array): void {
  const { data, offset, rowStride, colStride } = B;
  let o = 0;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = Math.min(NR, nc - j0);
    if (cols === NR && colStride === 1) {
      for (let k = 0; k < kc; k++) {
        const base = offset + (pc + k) * rowStride + jc + j0;
        out[o] = data[base];
        out[o + 1] = data[base + 1];
        out[o + 2] = data[base + 2];
        out[o + 3] = data[base + 3];
        out[o + 4] = data[base + 4];
        out[o + 5] = data[base + 5];
        out[o + 6] = data[base + 6];
        out[o + 7] = data[base + 7];
        o += NR;
      }
      continue;
    }
    for (let k = 0; k < kc; k++) {
      const base = offset + (pc + k) * rowStride + (jc + j0) * colStride;
      for (let c = 0; c < cols; c++) out[o + c] = data[base + c * colStride];
      for (let c = cols; c < NR; c++) out[o + c] = 0;
      o += NR;
    }
  }
}

function macroKernel(mc: number, nc: number, kc: number, a: Float32Array, b: Float32Array, C: Float32Array, cOffset: number, ldc: number): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const bPanel = (j0 / NR) * kc * NR;
    const cols = Math.min(NR, nc - j0);
    for (let i0 = 0; i0 < mc; i0 += MR) {
      const aPanel = (i0 / MR) * kc * MR;
      const rows = Math.min(MR, mc - i0);
      microKernel(kc, a, aPanel, b, bPanel, tile);
      let t = 0;
      for (let r = 0; r < MR; r++, t += NR) {
        if (r >= rows) break;
        const c0 = cOffset + (i0 + r) * ldc + j0;
        for (let c = 0; c < cols; c++) C[c0 + c] += tile[t + c];
      }
    }
  }
}

/** The 4x8 register block: 32 accumulators held in locals, one A column and one B row per step. */
function microKernel(kc: number, a: Float32Array, ai: number, b: Float32Array, bi: number, out: Float64Array): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
  for (let k = 0; k < kc; k++, ai += MR, bi += NR) {
    const a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
    const b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
    const b4 = b[bi + 4], b5 = b[bi + 5], b6 = b[bi + 6], b7 = b[bi + 7];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c04 += a0 * b4; c05 += a0 * b5; c06 += a0 * b6; c07 += a0 * b7;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c14 += a1 * b4; c15 += a1 * b5; c16 += a1 * b6; c17 += a1 * b7;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c24 += a2 * b4; c25 += a2 * b5; c26 += a2 * b6; c27 += a2 * b7;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    c34 += a3 * b4; c35 += a3 * b5; c36 += a3 * b6; c37 += a3 * b7;
  }
  out[0] = c00; out[1] = c01; out[2] = c02; out[3] = c03; out[4] = c04; out[5] = c05; out[6] = c06; out[7] = c07;
  out[8] = c10; out[9] = c11; out[10] = c12; out[11] = c13; out[12] = c14; out[13] = c15; out[14] = c16; out[15] = c17;
  out[16] = c20; out[17] = c21; out[18] = c22; out[19] = c23; out[20] = c24; out[21] = c25; out[22] = c26; out[23] = c27;
  out[24] = c30; out[25] = c31; out[26] = c32; out[27] = c33; out[28] = c34; out[29] = c35; out[30] = c36; out[31] = c37;
}
