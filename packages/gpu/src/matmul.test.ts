import { cpuBackend, rand } from '@convstudio/core';
import { BACKEND_TOLERANCES, mismatch } from '@convstudio/core/testing';
import { describe, expect, it } from 'vitest';
import { gpuForTests } from './gpu-setup.fixture.js';
import { matMulVec4 } from './kernels/conv2d.js';

const setup = await gpuForTests();

// [M, N, K, transposeA, transposeB, the vec4 operands expected]: every transpose with sizes that
// allow vec4 loads and stores, sizes that allow none (the scalar fallback) and mixes, tiles of
// 32 crossed, and a split-K case (one tile of C, K = 1024).
const cases: [number, number, number, boolean, boolean, string][] = [
  [36, 40, 20, false, false, 'a,b,c'],
  [36, 40, 20, true, false, 'a,b,c'],
  [36, 40, 20, false, true, 'a,b,c'],
  [36, 40, 20, true, true, 'a,b,c'],
  [33, 37, 19, false, false, ''],
  [33, 37, 19, true, true, ''],
  [33, 44, 19, true, false, 'b,c'],
  [35, 38, 24, false, true, 'a,b'],
  [8, 12, 1024, false, false, 'a,b,c'],
  [8, 12, 1024, true, true, 'a,b,c'],
];

describe.skipIf(!setup.backend)(`matMul, scalar and vec4 loads${setup.skipReason ? ` (skipped: ${setup.skipReason})` : ''}`, () => {
  const gpu = setup.backend!;

  it.each(cases)('M %i, N %i, K %i, transposeA %s, transposeB %s: vec4 %s', async (m, n, k, tA, tB, vec4) => {
    expect(Object.keys(matMulVec4(m, n, k, tA, tB)).join(',')).toBe(vec4);
    const a = rand(tA ? [k, m] : [m, k], { seed: 1, low: -1, high: 1 });
    const b = rand(tB ? [n, k] : [k, n], { seed: 2, low: -1, high: 1 });
    const want = cpuBackend.matMul(a, b, tA, tB);
    const got = gpu.matMul(a, b, tA, tB);
    try {
      expect(mismatch('c', await got.read(), got.shape, want.data, want.shape, BACKEND_TOLERANCES.webgpu)).toBeUndefined();
    } finally {
      got.dispose();
    }
  });
});
