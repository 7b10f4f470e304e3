import { fail } from '../errors.js';

/**
 * Eigenvalues of a symmetric matrix (float64, row-major, n×n), ascending. Only the lower
 * triangle is read; `matrix` is overwritten (it is scratch space, so callers pass a copy).
 *
 * Householder tridiagonalisation followed by the implicit QL method with Wilkinson shifts
 * (Numerical Recipes `tred2` + `tqli`, eigenvalues only): O(n³) with a small constant and no
 * iteration count to tune, unlike cyclic Jacobi whose sweeps grow with n. Both steps are
 * backward stable, so each eigenvalue is off by at most ~n·ε·‖A‖.
 *
 * @example
 * symmetricEigenvalues(Float64Array.of(2, 1, 1, 2), 2); // Float64Array [1, 3]
 */
export function symmetricEigenvalues(matrix: Float64Array, n: number): Float64Array {
  if (matrix.length !== n * n) {
    fail('symmetricEigenvalues', 'matrix', `must hold n*n = ${n * n} values, got ${matrix.length}`);
  }
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n);
  tridiagonalize(matrix, n, diagonal, offDiagonal);
  implicitQl(diagonal, offDiagonal, n);
  return diagonal.sort();
}

/** Reduces `a` to tridiagonal form: d = diagonal, e[i] = the entry left of d[i] (e[0] unused). */
function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = n - 1; i > 0; i--) {
    const row = i * n;
    const l = i - 1;
    let h = 0;
    if (l > 0) {
      // Scaling the row first keeps the sum of squares from under- or overflowing.
      let scale = 0;
      for (let k = 0; k < i; k++) scale += Math.abs(a[row + k]);
      if (scale === 0) {
        e[i] = a[row + l];
      } else {
        for (let k = 0; k < i; k++) {
          a[row + k] /= scale;
          h += a[row + k] * a[row + k];
        }
        let f = a[row + l];
        // The sign choice avoids cancellation in f - g.
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[row + l] = f - g;
        f = 0;
        for (let j = 0; j < i; j++) {
          g = 0;
          for (let k = 0; k <= j; k++) g += a[j * n + k] * a[row + k];
          for (let k = j + 1; k < i; k++) g += a[k * n + j] * a[row + k];
          e[j] = g / h;
          f += e[j] * a[row + j];
        }
        const hh = f / (h + h);
        for (let j = 0; j < i; j++) {
          f = a[row + j];
          g = e[j] - hh * f;
          e[j] = g;
          for (let k = 0; k <= j; k++) a[j * n + k] -= f * e[k] + g * a[row + k];
        }
      }
    } else {
      e[i] = a[row + l];
    }
    d[i] = h;
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
}

/** Diagonalises the tridiagonal (d, e) in place; d ends holding the eigenvalues, unordered. */
function implicitQl(d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    let m: number;
    do {
      // Find a negligible off-diagonal entry to split the matrix there.
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (iterations++ === 60) {
        fail('symmetricEigenvalues', 'matrix', `QL iteration did not converge for eigenvalue ${l} of ${n}`);
      }
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i: number;
      for (i = m - 1; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Underflow: the matrix splits here; recover and restart this eigenvalue.
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (r === 0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    } while (m !== l);
  }
}
