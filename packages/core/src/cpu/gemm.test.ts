import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { gemm } from './gemm.js';

function naive(M: number, N: number, K: number, a: (i: number, k: number) => number, b: (k: number, j: number) => number): Float64Array {
  const out = new Float64Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) out[i * N + j] += a(i, k) * b(k, j);
  return out;
}

describe('gemm', () => {
  it('matches a naive product for any size, transpose and accumulate flag', () => {
    fc.assert(
      fc.property(
        fc.record({ M: fc.integer({ min: 1, max: 70 }), N: fc.integer({ min: 1, max: 40 }), K: fc.integer({ min: 0, max: 300 }), ta: fc.boolean(), tb: fc.boolean(), acc: fc.boolean(), seed: fc.nat() }),
        ({ M, N, K, ta, tb, acc, seed }) => {
          const rng = createRandom(seed);
          const a = Float32Array.from({ length: M * K }, () => rng.next() - 0.5);
          const b = Float32Array.from({ length: K * N }, () => rng.next() - 0.5);
          // Stored transposed when asked: the view's strides undo it.
          const A = ta ? { data: a, offset: 0, rowStride: 1, colStride: M } : { data: a, offset: 0, rowStride: K, colStride: 1 };
          const B = tb ? { data: b, offset: 0, rowStride: 1, colStride: K } : { data: b, offset: 0, rowStride: N, colStride: 1 };
          const ldc = N + 3;
          const c = new Float32Array(M * ldc).fill(1);
          gemm(M, N, K, A, B, c, 0, ldc, acc);
          const expected = naive(M, N, K, (i, k) => (ta ? a[k * M + i] : a[i * K + k]), (k, j) => (tb ? b[j * K + k] : b[k * N + j]));
          for (let i = 0; i < M; i++) {
            for (let j = 0; j < N; j++) expect(c[i * ldc + j]).toBeCloseTo(expected[i * N + j] + (acc ? 1 : 0), 4);
            // Columns past N belong to someone else and stay untouched.
            for (let j = N; j < ldc; j++) expect(c[i * ldc + j]).toBe(1);
          }
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });
});
