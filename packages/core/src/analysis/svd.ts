import { fail, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { symmetricEigenvalues } from './svd-eigen.js';

/** Options of {@link singularValues}. */
export interface SingularValuesOptions {
  /**
   * The largest min(m, n) accepted; default 1024. The work is about k²·max(m,n)/2 + 4k³/3 flops
   * with k = min(m, n): a 1000×4096 weight took ~3 s in Node 20, so 1024 bounds an interactive
   * call to seconds, and every conv layer of VGG/AlexNet (k = Cout ≤ 512) fits. Dense layers such
   * as AlexNet's fc1 (4096×9216, ~1.5·10¹¹ flops, minutes) need an explicit `maxSide: 4096`.
   */
  maxSide?: number;
}

/**
 * The singular values of a rank-2 [m, n] matrix, descending, min(m, n) of them, in float64.
 *
 * Method: the eigenvalues of the smaller Gram matrix (W·Wᵀ when m ≤ n, else Wᵀ·W, size
 * min(m, n)) by a symmetric eigensolver, then σ = √max(λ, 0). Working on the smaller side keeps
 * a 64×576 conv weight at a 64×64 problem, and tall and wide matrices cost the same.
 *
 * Precision trade-off: forming the Gram matrix squares the condition number, so eigenvalues
 * below ~ε₆₄·σmax² ≈ 2e-16·σmax² are noise and singular values below ~1e-8..1e-7·σmax are not
 * resolved: they come out as small numbers of that order (or 0 after clamping), not their true
 * value. We accept this because the weights are float32: rounding them to float32 already
 * moves every σ by up to ~6e-8·σmax, so σ below that level say more about rounding than about
 * the layer, and a direct SVD (one-sided Jacobi, Golub–Kahan) resolving them exactly would cost
 * more for no insight. Thresholds such as "σ < 1e-3·σmax" are far above that floor; exact rank
 * deficiency shows as σ ≲ 1e-7·σmax, not necessarily as 0.
 *
 * @example
 * singularValues(tensor([[3, 0], [0, -4]])); // Float64Array [4, 3]
 */
export function singularValues(matrix: Tensor, options: SingularValuesOptions = {}): Float64Array {
  const op = 'singularValues';
  const { maxSide = 1024 } = options;
  if (!Number.isSafeInteger(maxSide) || maxSide < 1) {
    fail(op, 'maxSide', `must be a positive integer, got ${maxSide}`);
  }
  if (matrix.rank !== 2) fail(op, 'matrix', `must be rank 2 [m, n], got shape ${formatShape(matrix.shape)}`);
  const [m, n] = matrix.shape;
  if (m === 0 || n === 0) fail(op, 'matrix', `must not be empty, got shape ${formatShape(matrix.shape)}`);
  assertFinite(op, 'matrix', matrix);
  const k = Math.min(m, n);
  if (k > maxSide) {
    fail(op, 'matrix', `has min side ${k} > maxSide ${maxSide} (shape ${formatShape(matrix.shape)}); pass a larger maxSide to accept the O(min²·max) cost`);
  }
  const gram = smallerGram(matrix.data, m, n);
  const eigenvalues = symmetricEigenvalues(gram, k);
  const sigma = new Float64Array(k);
  // Ascending eigenvalues, descending σ; a negative λ is rounding noise of a zero singular value.
  for (let i = 0; i < k; i++) sigma[i] = Math.sqrt(Math.max(eigenvalues[k - 1 - i], 0));
  return sigma;
}

/**
 * The lower triangle of W·Wᵀ (m ≤ n) or Wᵀ·W (m > n), k×k with k = min(m, n), in float64.
 * The sums run in float64 so accumulating thousands of float32 products adds no error of its own.
 */
function smallerGram(data: Float32Array, m: number, n: number): Float64Array {
  // A tall matrix is transposed first: one O(mn) copy buys contiguous dot products, which in
  // V8 ran about twice as fast as strided column access for a 4096×1000 weight.
  const [rows, cols, values] = m <= n ? [m, n, data] : [n, m, transposed(data, m, n)];
  const gram = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    const ri = i * cols;
    let j = 0;
    // Four rows j at a time reuse each load of row i (JS arithmetic on float32 reads is float64).
    for (; j + 3 <= i; j += 4) {
      const [r0, r1, r2, r3] = [j * cols, (j + 1) * cols, (j + 2) * cols, (j + 3) * cols];
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let c = 0; c < cols; c++) {
        const x = values[ri + c];
        s0 += x * values[r0 + c];
        s1 += x * values[r1 + c];
        s2 += x * values[r2 + c];
        s3 += x * values[r3 + c];
      }
      const at = i * rows + j;
      gram[at] = s0;
      gram[at + 1] = s1;
      gram[at + 2] = s2;
      gram[at + 3] = s3;
    }
    for (; j <= i; j++) {
      let sum = 0;
      for (let c = 0; c < cols; c++) sum += values[ri + c] * values[j * cols + c];
      gram[i * rows + j] = sum;
    }
  }
  return gram;
}

function transposed(data: Float32Array, m: number, n: number): Float32Array {
  const out = new Float32Array(m * n);
  for (let r = 0; r < m; r++) for (let c = 0; c < n; c++) out[c * m + r] = data[r * n + c];
  return out;
}

/**
 * A layer weight as the matrix whose singular values the saturation indicators read: a conv
 * weight [Cout, Cin, kH, kW] becomes [Cout, Cin·kH·kW] (each filter one row, the map from a
 * receptive-field patch to the output channels), a linear weight [out, in] stays as is. The data
 * is shared, not copied.
 *
 * @example
 * weightMatrix(randn([64, 3, 11, 11])).shape; // [64, 363]
 */
export function weightMatrix(weight: Tensor): Tensor {
  checkLayerWeight('weightMatrix', weight);
  if (weight.rank === 2) return weight;
  return weight.reshape([weight.shape[0], -1]);
}

/**
 * Refuses NaN and ±Infinity, naming the first bad element, so a diverged layer fails loudly
 * instead of yielding NaN statistics. Shared by the analysis files; not part of the public API.
 */
export function assertFinite(op: string, argument: string, t: Tensor): void {
  const data = t.data;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      fail(op, argument, `must be finite, got ${data[i]} at flat index ${i} of shape ${formatShape(t.shape)}`);
    }
  }
}

/**
 * Refuses what {@link weightMatrix} cannot read, under the caller's name so a user of a
 * higher-level report sees the function they called. Not part of the public API.
 */
export function checkLayerWeight(op: string, weight: Tensor): void {
  if (weight.rank !== 2 && weight.rank !== 4) {
    fail(op, 'weight', `must be rank 4 [Cout, Cin, kH, kW] (conv) or rank 2 [out, in] (linear), got shape ${formatShape(weight.shape)}`);
  }
  if (weight.size === 0) fail(op, 'weight', `must not be empty, got shape ${formatShape(weight.shape)}`);
}
