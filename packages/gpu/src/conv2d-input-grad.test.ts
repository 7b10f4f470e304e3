import { computeConv2dInfo, type Conv2dGeometry, cpuBackend, rand } from '@convstudio/core';
import { mismatch } from '@convstudio/core/testing';
import { describe, expect, it } from 'vitest';
import { gpuForTests } from './gpu-setup.fixture.js';
import { inputGradForm } from './kernels/conv2d.js';

const setup = await gpuForTests();

interface Case {
  form: ReturnType<typeof inputGradForm>;
  x: [number, number, number, number];
  w: [number, number, number, number];
  options: Conv2dGeometry;
}

// The random shapes of cpu-vs-gpu.test.ts have narrow channels (the direct form); these cases
// pin every form the input gradient picks (the direct one with 1, 3 and 4 channels a thread, at
// stride 1 and above), with groups, dilation, asymmetric padding, and M
// and N crossing the GEMM's 32-wide tiles.
const cases: Case[] = [
  { form: 'pointwise', x: [2, 20, 5, 7], w: [24, 20, 1, 1], options: {} },
  { form: 'pointwise', x: [1, 40, 6, 6], w: [32, 20, 1, 1], options: { groups: 2 } },
  { form: 'tapMajor', x: [2, 40, 9, 11], w: [32, 40, 3, 3], options: { padding: [1, 0, 2, 1], dilation: 2 } },
  { form: 'tapMajor', x: [1, 34, 7, 5], w: [32, 17, 2, 3], options: { groups: 2, padding: 1 } },
  { form: 'tapMajor', x: [1, 16, 4, 4], w: [16, 16, 1, 1], options: { padding: 1 } },
  { form: 'stride1', x: [3, 17, 6, 8], w: [19, 17, 2, 3], options: { padding: [0, 1, 1, 0], dilation: [1, 2] } },
  { form: 'stride1', x: [1, 48, 5, 5], w: [15, 16, 3, 3], options: { groups: 3, padding: 2 } },
  // 41 taps in one row: k's decomposition into (output channel, kh, kw) with a long kW.
  { form: 'stride1', x: [1, 16, 3, 45], w: [17, 16, 1, 41], options: { padding: [0, 20, 0, 20] } },
  { form: 'direct', x: [2, 10, 11, 13], w: [14, 5, 3, 2], options: { groups: 2, stride: [2, 3], dilation: 2, padding: [1, 2, 0, 1] } },
  { form: 'direct', x: [1, 3, 27, 27], w: [8, 3, 11, 11], options: { stride: 4, padding: 2 } },
  { form: 'direct', x: [1, 33, 9, 9], w: [20, 33, 3, 3], options: { stride: 2, padding: 1 } },
  { form: 'direct', x: [2, 1, 12, 12], w: [2, 1, 5, 5], options: {} },
  { form: 'direct', x: [1, 4, 13, 11], w: [6, 2, 3, 2], options: { groups: 2, stride: [2, 1], dilation: [1, 2], padding: 1 } },
  { form: 'direct', x: [1, 8, 10, 9], w: [6, 8, 3, 3], options: { stride: 2, padding: [2, 0, 1, 1] } },
  { form: 'direct', x: [2, 12, 7, 7], w: [4, 6, 3, 3], options: { groups: 2, padding: 1 } },
  // The strided tap walk: stride and dilation sharing a factor (every other pixel reached by no
  // tap at all), coprime ones, a kernel smaller than the stride; 3 channels a thread (Cin/g = 3, 6).
  { form: 'direct', x: [1, 6, 15, 14], w: [6, 3, 5, 4], options: { groups: 2, stride: [4, 2], dilation: [2, 2], padding: [3, 1, 0, 2] } },
  { form: 'direct', x: [2, 3, 17, 16], w: [7, 3, 4, 5], options: { stride: [3, 2], dilation: [2, 3], padding: [2, 1, 3, 0] } },
  { form: 'direct', x: [1, 9, 9, 10], w: [18, 9, 1, 2], options: { stride: 3, padding: [0, 1, 2, 0] } },
  { form: 'direct', x: [1, 5, 12, 12], w: [3, 5, 6, 6], options: { stride: [2, 4], dilation: [3, 1], padding: 4 } },
];

describe.skipIf(!setup.backend)(`conv2d input gradient, every form${setup.skipReason ? ` (skipped: ${setup.skipReason})` : ''}`, () => {
  const gpu = setup.backend!;

  it.each(cases)('$form: x $x, weight $w, $options', async ({ form, x, w, options }) => {
    const info = computeConv2dInfo('conv2dBackwardInput', x, w, options);
    expect(inputGradForm(info)).toBe(form);
    const weight = rand(w, { seed: 1, low: -1, high: 1 });
    const dy = rand([info.batch, info.outChannels, info.outHeight, info.outWidth], { seed: 2, low: -1, high: 1 });
    const want = cpuBackend.conv2dBackwardInput(dy, weight, info);
    const got = gpu.conv2dBackwardInput(dy, weight, info);
    try {
      expect(mismatch(`dx ${form}`, await got.read(), got.shape, want.data, want.shape, { rtol: 0, floor: 1e-4 })).toBeUndefined();
    } finally {
      got.dispose();
    }
  });
});
