import { describe, expect, it } from 'vitest';
import { ConvStudioError } from '../errors.js';
import { randn, tensor, zeros, type Tensor } from '../tensor.js';
import { symmetricEigenvalues } from './svd-eigen.js';
import { singularValues, weightMatrix } from './svd.js';

function transpose(t: Tensor): Tensor {
  const [m, n] = t.shape;
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = t.data[i * n + j];
  return tensor(out, [n, m]);
}

function expectClose(actual: ArrayLike<number>, expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => {
    if (Math.abs(actual[i] - value) > tolerance) {
      throw new Error(`σ[${i}] is ${actual[i]}, expected ${value} (±${tolerance})`);
    }
  });
}

/** A random orthogonal n×n matrix: product of Householder reflections I − 2vvᵀ/vᵀv. */
function randomOrthogonal(n: number, seed: number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let r = 0; r < n; r++) {
    const v = randn([n], { seed: seed + r }).data;
    const vv = v.reduce((s, x) => s + x * x, 0);
    for (let i = 0; i < n; i++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += q[i * n + j] * v[j];
      for (let j = 0; j < n; j++) q[i * n + j] -= (2 * dot * v[j]) / vv;
    }
  }
  return q;
}

describe('singularValues', () => {
  it('matches numpy.linalg.svd on a fixed 5x4 matrix (outside oracle)', () => {
    const a = tensor([[4, -2, 7, 1], [0, 3, -5, 2], [6, 1, 0, -3], [-1, 8, 2, 5], [2, 2, -4, 9]]);
    expectClose(singularValues(a), [13.387457613258052, 9.280100011933408, 7.07420124951229, 6.132813310637408], 1e-9);
  });

  it('reads diag(3, 2, 1) through a row and column permutation, descending', () => {
    const a = tensor([[0, 0, 1], [3, 0, 0], [0, -2, 0]]);
    expectClose(singularValues(a), [3, 2, 1], 1e-12);
  });

  it('finds one nonzero σ = |u|·|v| for a rank-1 outer product', () => {
    const u = [1, -2, 3, 0.5];
    const v = [2, 1, -1, 4, 0, 3];
    const a = tensor(u.flatMap((x) => v.map((y) => x * y)), [4, 6]);
    const norm = (w: number[]) => Math.hypot(...w);
    const sigma = singularValues(a);
    expect(sigma[0]).toBeCloseTo(norm(u) * norm(v), 9);
    // The Gram method resolves σ only down to ~1e-8·σmax (documented), not to exact zeros.
    for (let i = 1; i < sigma.length; i++) expect(sigma[i]).toBeLessThan(1e-7 * sigma[0]);
  });

  it('gives σ = (5, 0.5) for a rotation times diag(5, 0.5), whatever the angle', () => {
    const t = 0.7;
    const [c, s] = [Math.cos(t), Math.sin(t)];
    const a = tensor([[c * 5, -s * 0.5], [s * 5, c * 0.5]]);
    expectClose(singularValues(a), [5, 0.5], 1e-6);
  });

  it('keeps the Frobenius norm: Σσ² = ‖A‖²_F for a random 20x7 matrix', () => {
    const a = randn([20, 7], { seed: 3 });
    const frobenius = a.data.reduce((s, x) => s + x * x, 0);
    const sigma = singularValues(a);
    expect(sigma.length).toBe(7);
    expect(sigma.reduce((s, x) => s + x * x, 0)).toBeCloseTo(frobenius, 9);
    for (let i = 1; i < 7; i++) expect(sigma[i]).toBeLessThanOrEqual(sigma[i - 1]);
  });

  it('gives a tall and a wide matrix the same σ as their transposes', () => {
    for (const shape of [[13, 5], [4, 11]]) {
      const a = randn(shape, { seed: shape[0] });
      expectClose(singularValues(transpose(a)), [...singularValues(a)], 1e-9);
    }
  });

  it('gives all σ = 1 (condition number 1) for an orthogonal matrix', () => {
    const q = tensor(randomOrthogonal(9, 11), [9, 9]);
    expectClose(singularValues(q), new Array(9).fill(1), 1e-6);
  });

  it('handles rank-deficient matrices and the zero matrix', () => {
    // Third row = first + second: rank 2.
    const a = tensor([[1, 2, 3, 4], [0, 1, -1, 2], [1, 3, 2, 6]]);
    const sigma = singularValues(a);
    expect(sigma[1]).toBeGreaterThan(0.5);
    expect(sigma[2]).toBeLessThan(1e-6 * sigma[0]);
    expectClose(singularValues(zeros([3, 5])), [0, 0, 0], 0);
  });

  it('refuses bad input, naming the function, the argument and the shape', () => {
    expect(() => singularValues(zeros([2, 3, 4]))).toThrow('singularValues: matrix must be rank 2 [m, n], got shape [2,3,4]');
    expect(() => singularValues(zeros([0, 3]))).toThrow(/must not be empty, got shape \[0,3\]/);
    expect(() => singularValues(tensor([[1, NaN]]))).toThrow(/must be finite, got NaN at flat index 1/);
    expect(() => singularValues(zeros([30, 40]), { maxSide: 16 })).toThrow(/min side 30 > maxSide 16/);
    expect(() => singularValues(zeros([2, 2]), { maxSide: 0 })).toThrow(ConvStudioError);
  });
});

describe('symmetricEigenvalues', () => {
  it('matches known eigenvalues, ascending', () => {
    expectClose(symmetricEigenvalues(Float64Array.of(2, 1, 1, 2), 2), [1, 3], 1e-12);
    // The 1D Laplacian tridiag(-1, 2, -1) of size n has λ_k = 2 − 2cos(kπ/(n+1)).
    const n = 6;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i > 0) a[i * n + i - 1] = -1;
    }
    const expected = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
    expectClose(symmetricEigenvalues(a, n), expected, 1e-12);
  });
});

describe('weightMatrix', () => {
  it('flattens a conv weight to [Cout, Cin·kH·kW] sharing data, keeps a linear weight', () => {
    const conv = randn([8, 3, 5, 5], { seed: 1 });
    const m = weightMatrix(conv);
    expect(m.shape).toEqual([8, 75]);
    expect(m.data).toBe(conv.data);
    const linear = zeros([10, 20]);
    expect(weightMatrix(linear)).toBe(linear);
  });

  it('refuses other ranks and empty weights', () => {
    expect(() => weightMatrix(zeros([3, 4, 5]))).toThrow(/weightMatrix: weight must be rank 4 .* got shape \[3,4,5\]/);
    expect(() => weightMatrix(zeros([0, 3, 3, 3]))).toThrow(/must not be empty, got shape \[0,3,3,3\]/);
  });
});
