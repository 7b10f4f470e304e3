import { computeConv2dInfo, type Conv2dGeometry, cpuBackend, rand } from '@convstudio/core';
import { BACKEND_TOLERANCES, mismatch } from '@convstudio/core/testing';
import { describe, expect, it } from 'vitest';
import { gpuForTests } from './gpu-setup.fixture.js';
import { forwardForm } from './kernels/conv2d.js';

const setup = await gpuForTests();

interface Case {
  form: ReturnType<typeof forwardForm>;
  x: [number, number, number, number];
  w: [number, number, number, number];
  options: Conv2dGeometry;
}

// cpu-vs-gpu.test.ts's random shapes have at most 12 input channels a group, so they never reach
// the forward GEMM's tap-major K order; these cases pin both K orders of the forward GEMM and the
// filter-gradient GEMM (paired loads, split-K when C has few tiles and K is long), with groups,
// strides, dilation and asymmetric padding crossing 32-wide tiles, and an output row one pixel
// wide and 1x1 and kx1 kernels (k crosses several rows or taps within a 16-deep step).
const cases: Case[] = [
  { form: 'tapMajor', x: [2, 32, 9, 11], w: [40, 32, 3, 3], options: { stride: [2, 1], dilation: 2, padding: [1, 0, 2, 1] } },
  { form: 'tapMajor', x: [1, 64, 7, 6], w: [34, 32, 2, 3], options: { groups: 2, stride: 2, padding: 1 } },
  { form: 'tapMajor', x: [3, 16, 5, 5], w: [16, 16, 1, 1], options: {} },
  { form: 'channelMajor', x: [2, 3, 23, 21], w: [17, 3, 5, 4], options: { stride: [3, 2], dilation: [1, 2], padding: [2, 1, 0, 3] } },
  { form: 'channelMajor', x: [1, 20, 8, 9], w: [36, 10, 3, 3], options: { groups: 2, padding: 1 } },
  { form: 'tapMajor', x: [2, 16, 40, 40], w: [16, 16, 3, 3], options: { padding: 1 } },
  { form: 'channelMajor', x: [3, 17, 30, 1], w: [20, 17, 3, 1], options: { padding: [1, 0, 1, 0] } },
  { form: 'channelMajor', x: [2, 20, 6, 7], w: [24, 20, 1, 1], options: {} },
  // AlexNet conv1's geometry at a small size (11x11 taps, stride 4), and samples of 41 output
  // pixels (k crosses from one sample to the next inside a 16-deep step).
  { form: 'channelMajor', x: [1, 3, 27, 27], w: [16, 3, 11, 11], options: { stride: 4, padding: 2 } },
  { form: 'tapMajor', x: [2, 16, 1, 41], w: [16, 16, 1, 1], options: {} },
];

describe.skipIf(!setup.backend)(`conv2d forward and filter-gradient GEMMs${setup.skipReason ? ` (skipped: ${setup.skipReason})` : ''}`, () => {
  const gpu = setup.backend!;
  const bounds = BACKEND_TOLERANCES.webgpu;

  it.each(cases)('$form: x $x, weight $w, $options', async ({ form, x, w, options }) => {
    const info = computeConv2dInfo('conv2d', x, w, options);
    expect(forwardForm(info)).toBe(form);
    const input = rand(x, { seed: 1, low: -1, high: 1 });
    const weight = rand(w, { seed: 2, low: -1, high: 1 });
    const bias = rand([w[0]], { seed: 3, low: -1, high: 1 });
    const dy = rand([info.batch, info.outChannels, info.outHeight, info.outWidth], { seed: 4, low: -1, high: 1 });
    const wantY = cpuBackend.conv2d(input, weight, bias, info);
    const wantDw = cpuBackend.conv2dBackwardFilter(input, dy, info);
    const y = gpu.conv2d(input, weight, bias, info);
    const dw = gpu.conv2dBackwardFilter(input, dy, info);
    try {
      expect(mismatch(`y ${form}`, await y.read(), y.shape, wantY.data, wantY.shape, bounds)).toBeUndefined();
      expect(mismatch('dw', await dw.read(), dw.shape, wantDw.data, wantDw.shape, bounds)).toBeUndefined();
    } finally {
      y.dispose();
      dw.dispose();
    }
  });
});
