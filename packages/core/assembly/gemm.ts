// The SIMD matrix multiply behind conv2d (forward and both gradients), transposed convolution and
// linear: C[M,N] (+)= A[M,K] · B[K,N] in float32, with A and B addressed through element strides
// (a transposed operand is the same memory read with its strides swapped).
//
// Goto/BLIS structure, as the TypeScript reference in src/cpu/gemm.ts: B is packed into KC x NR
// column panels, A into MR x KC row panels (zero-padded to whole panels so the micro-kernel never
// branches), and an MR x NR register block of f32x4 accumulators runs over them.
//
// Why 4x8: x64 has 16 xmm registers and V8 keeps one as scratch; 4x8 needs 8 accumulators, 2 B
// vectors and 1 broadcast A (11), leaving room so Turbofan does not spill inside the k loop.
//
// FMA: SIMD128 has no fused multiply-add, so each step is a mul and an add (half the arithmetic
// rate of an FMA). The build also makes a relaxed-SIMD variant where `madd` is f32x4.relaxed_madd
// (an FMA on x64 with FMA3 and on ARM); hosts that validate it (Node 22+, Chrome 114+) load that
// one. Node 20's V8 11.3 has relaxed SIMD only behind --experimental-wasm-relaxed-simd.
//
// All pointers are byte offsets into the imported memory; the host lays out operands and scratch.

import { zeroFloats } from './floats';

const MR: i32 = 4;
const NR: i32 = 8;
// A KC x NR panel of B (8 KiB) stays in L1; an MC x KC block of A (128 KiB) in L2; a KC x NC block
// of B (2 MiB) in L2/L3.
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 2048;

/** Bytes of scratch `gemm` needs at `scratch`: a 4x8 edge tile, then packed A, then packed B. */
export function gemmScratchBytes(): i32 {
  return (MR * NR + MC * KC + KC * NC) << 2;
}

/**
 * C[i*ldc + j] (+)= Σ_k A[i*aRow + k*aCol] · B[k*bRow + j*bCol] for i < M, j < N. Only the
 * M x N entries of C are written; with `accumulate` 0, C is overwritten.
 */
export function gemm(
  M: i32, N: i32, K: i32,
  a: usize, aRow: i32, aCol: i32,
  b: usize, bRow: i32, bCol: i32,
  c: usize, ldc: i32, accumulate: i32,
  scratch: usize,
): void {
  if (M <= 0 || N <= 0) return;
  if (!accumulate) {
    for (let i = 0; i < M; i++) zeroFloats(c + ((<usize>i * <usize>ldc) << 2), N);
  }
  if (K <= 0) return;
  const tile = scratch;
  const packedA = scratch + ((MR * NR) << 2);
  const packedB = packedA + ((MC * KC) << 2);
  // With few rows of A (a convolution with 8 or 16 output channels) each panel of B is used at
  // most four times, so packing it is a whole extra pass over B for little reuse: rows of B
  // that are contiguous are read where they are instead. The same products in the same order.
  const inPlace = bCol == 1 && M <= IN_PLACE_MAX_M;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      if (!inPlace) packB(b, bRow, bCol, pc, jc, kc, nc, packedB);
      const bBlock = inPlace ? b + ((<usize>pc * <usize>bRow + <usize>jc) << 2) : packedB;
      const panelStep: usize = inPlace ? NR << 2 : <usize>(kc * NR) << 2;
      const kStep: usize = inPlace ? <usize>bRow << 2 : NR << 2;
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packA(a, aRow, aCol, ic, pc, mc, kc, packedA);
        macroKernel(mc, nc, kc, packedA, bBlock, panelStep, kStep, c + ((<usize>ic * <usize>ldc + <usize>jc) << 2), ldc, tile);
      }
    }
  }
}

/** Most rows of A for which B is read in place rather than packed. */
const IN_PLACE_MAX_M: i32 = 16;

/** A[ic:ic+mc, pc:pc+kc] into MR-row panels: for each k, the panel's MR rows side by side. */
function packA(a: usize, aRow: i32, aCol: i32, ic: i32, pc: i32, mc: i32, kc: i32, out: usize): void {
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = min(MR, mc - i0);
    let src = a + ((<usize>(ic + i0) * <usize>aRow + <usize>pc * <usize>aCol) << 2);
    const step = <usize>aCol << 2;
    if (rows == MR && aRow == 1) {
      // Transposed A (conv2d's input gradient): the MR rows of one k are contiguous.
      for (let k = 0; k < kc; k++, src += step, out += MR << 2) v128.store(out, v128.load(src));
      continue;
    }
    const rowStep = <usize>aRow << 2;
    if (rows == MR && aCol == 1) {
      // Row-major A (dy in a weight gradient, the column matrix of a transposed one, a dense
      // layer's input): four k of the four rows are four vector loads and a 4x4 transpose.
      let k = 0;
      for (; k + 4 <= kc; k += 4, src += 16, out += 4 * (MR << 2)) transpose4(src, rowStep, out, MR << 2);
      for (; k < kc; k++, src += 4, out += MR << 2) {
        for (let r = 0; r < MR; r++) store<f32>(out + (r << 2), load<f32>(src + <usize>r * rowStep));
      }
      continue;
    }
    for (let k = 0; k < kc; k++, src += step, out += MR << 2) {
      for (let r = 0; r < MR; r++) {
        store<f32>(out + (r << 2), r < rows ? load<f32>(src + <usize>r * rowStep) : 0);
      }
    }
  }
}

/** B[pc:pc+kc, jc:jc+nc] into NR-column panels: for each k, the panel's NR columns side by side. */
function packB(b: usize, bRow: i32, bCol: i32, pc: i32, jc: i32, kc: i32, nc: i32, out: usize): void {
  const step = <usize>bRow << 2;
  const colStep = <usize>bCol << 2;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    let src = b + ((<usize>pc * <usize>bRow + <usize>(jc + j0) * <usize>bCol) << 2);
    if (cols == NR && bCol == 1) {
      for (let k = 0; k < kc; k++, src += step, out += NR << 2) {
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
      }
      continue;
    }
    let k = 0;
    if (cols == NR && bRow == 1) {
      // Transposed B (conv2d's weight gradient reads the columns transposed): each column's k
      // values are contiguous, so four k of four columns are four vector loads and a 4x4
      // transpose in registers, instead of sixteen scalar loads.
      for (; k + 4 <= kc; k += 4, src += 16, out += 4 * (NR << 2)) {
        transpose4(src, colStep, out, NR << 2);
        transpose4(src + 4 * colStep, colStep, out + 16, NR << 2);
      }
    }
    for (; k < kc; k++, src += step, out += NR << 2) {
      for (let j = 0; j < NR; j++) {
        store<f32>(out + (j << 2), j < cols ? load<f32>(src + <usize>j * colStep) : 0);
      }
    }
  }
}

/**
 * A 4x4 block transposed: four vectors `colStep` bytes apart at `src` (four k of one column, or of
 * one row of A) become four vectors `outStep` bytes apart at `out` (one k each).
 */
function transpose4(src: usize, colStep: usize, out: usize, outStep: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + colStep);
  const r2 = v128.load(src + 2 * colStep);
  const r3 = v128.load(src + 3 * colStep);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(out + outStep, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(out + 2 * outStep, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(out + 3 * outStep, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/**
 * C[mc x nc] += packed A · B, where B's NR-column panels start `panelStep` bytes apart and each
 * panel's consecutive k rows `kStep` bytes apart (packed: NR floats; in place: a row of B). An
 * edge panel read in place also reads the columns past nc; they land in the tile's unused columns.
 */
function macroKernel(mc: i32, nc: i32, kc: i32, pa: usize, pb: usize, panelStep: usize, kStep: usize, c: usize, ldc: i32, tile: usize): void {
  const ldcBytes = <usize>ldc << 2;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const bPanel = pb + <usize>(j0 / NR) * panelStep;
    const cols = min(NR, nc - j0);
    for (let i0 = 0; i0 < mc; i0 += MR) {
      const aPanel = pa + ((<usize>i0 * <usize>kc) << 2);
      const rows = min(MR, mc - i0);
      const cTile = c + <usize>i0 * ldcBytes + (<usize>j0 << 2);
      if (rows == MR && cols == NR) {
        microKernel(kc, aPanel, bPanel, kStep, cTile, ldcBytes);
      } else {
        // Edge block: compute into a zeroed tile, then add only the entries inside C.
        zeroFloats(tile, MR * NR);
        microKernel(kc, aPanel, bPanel, kStep, tile, NR << 2);
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < cols; j++) {
            const dst = cTile + <usize>r * ldcBytes + (<usize>j << 2);
            store<f32>(dst, load<f32>(dst) + load<f32>(tile + ((<usize>(r * NR + j)) << 2)));
          }
        }
      }
    }
  }
}

/**
 * C[4x8] += A panel · B panel: eight f32x4 accumulators, one broadcast A value per row and step.
 * Not marked @inline: one call per 4x8 block is noise against its kc steps, and a decorator on a
 * function is AssemblyScript syntax that the repository's TypeScript linter cannot parse.
 */
function microKernel(kc: i32, pa: usize, pb: usize, kStep: usize, c: usize, ldcBytes: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    pa += MR << 2;
    pb += kStep;
  }
  let row = c;
  v128.store(row, f32x4.add(v128.load(row), c00));
  v128.store(row, f32x4.add(v128.load(row, 16), c01), 16);
  row += ldcBytes;
  v128.store(row, f32x4.add(v128.load(row), c10));
  v128.store(row, f32x4.add(v128.load(row, 16), c11), 16);
  row += ldcBytes;
  v128.store(row, f32x4.add(v128.load(row), c20));
  v128.store(row, f32x4.add(v128.load(row, 16), c21), 16);
  row += ldcBytes;
  v128.store(row, f32x4.add(v128.load(row), c30));
  v128.store(row, f32x4.add(v128.load(row, 16), c31), 16);
}

/** a·b + c: fused where the relaxed-SIMD variant is built (a compile-time constant picks the branch). */
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
