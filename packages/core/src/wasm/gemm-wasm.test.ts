import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gemm } from '../cpu/gemm.js';
import { createRandom } from '../random.js';
import { gemmWasm } from './gemm-wasm.js';
import { wasmKernels, wasmKernelsReady } from './load.js';

describe('gemmWasm', () => {
  it('loads synchronously in Node (WebAssembly SIMD is there)', async () => {
    expect(wasmKernels()).toBeDefined();
    expect(await wasmKernelsReady()).toBe(true);
  });

  it('matches the TypeScript gemm for any size, transpose, accumulate flag and ldc', () => {
    fc.assert(
      fc.property(
        fc.record({ M: fc.integer({ min: 1, max: 140 }), N: fc.integer({ min: 1, max: 40 }), K: fc.integer({ min: 0, max: 600 }), ta: fc.boolean(), tb: fc.boolean(), acc: fc.boolean(), pad: fc.integer({ min: 0, max: 3 }), seed: fc.nat() }),
        ({ M, N, K, ta, tb, acc, pad, seed }) => {
          const rng = createRandom(seed);
          const a = Float32Array.from({ length: M * K + 5 }, () => rng.next() - 0.5);
          const b = Float32Array.from({ length: K * N + 5 }, () => rng.next() - 0.5);
          // Offsets inside the arrays, and transposed storage undone by the strides.
          const A = ta ? { data: a, offset: 5, rowStride: 1, colStride: M } : { data: a, offset: 5, rowStride: K, colStride: 1 };
          const B = tb ? { data: b, offset: 5, rowStride: 1, colStride: K } : { data: b, offset: 5, rowStride: N, colStride: 1 };
          const ldc = N + pad;
          const c = Float32Array.from({ length: M * ldc + 2 }, () => rng.next());
          const expected = c.slice();
          gemm(M, N, K, A, B, expected, 1, ldc, acc);
          gemmWasm(M, N, K, A, B, c, 1, ldc, acc);
          // Entries outside the M x N block (before, between rows, after) must come back untouched.
          for (let i = 0; i < c.length; i++) expect(c[i]).toBeCloseTo(expected[i], 4);
          expect(c[0]).toBe(expected[0]);
          expect(c[c.length - 1]).toBe(expected[expected.length - 1]);
        },
      ),
      { numRuns: 80, seed: 11 },
    );
  });

  it('handles operands larger than one block (K > 256, N > 2048, M > 128) and grows its memory', () => {
    const rng = createRandom(3);
    const M = 130, N = 2100, K = 300;
    const a = Float32Array.from({ length: M * K }, () => rng.next() - 0.5);
    const b = Float32Array.from({ length: K * N }, () => rng.next() - 0.5);
    const expected = new Float32Array(M * N);
    const c = new Float32Array(M * N);
    gemm(M, N, K, { data: a, offset: 0, rowStride: K, colStride: 1 }, { data: b, offset: 0, rowStride: N, colStride: 1 }, expected, 0, N, false);
    gemmWasm(M, N, K, { data: a, offset: 0, rowStride: K, colStride: 1 }, { data: b, offset: 0, rowStride: N, colStride: 1 }, c, 0, N, false);
    let worst = 0;
    for (let i = 0; i < c.length; i++) worst = Math.max(worst, Math.abs(c[i] - expected[i]));
    expect(worst).toBeLessThan(1e-4);
  });
});
