import { describe, expect, it } from 'vitest';
import { maxPool2d, maxPool2dBackward } from '../cpu/pool.js';
import { type Pool2dOptions, computePool2dInfo } from '../pool-info.js';
import { Tensor, randn } from '../tensor.js';
import { maxPool2dBackwardWasm, maxPool2dWasm } from './pool-wasm.js';

// Values with ties, NaN and -Infinity, so the first-maximum and NaN rules are exercised.
function awkward(shape: number[], seed: number): Tensor {
  const x = randn(shape, { seed });
  const data = x.data.map((v, i) => (i % 11 === 0 ? NaN : i % 7 === 0 ? -Infinity : Math.round(v * 2) / 2));
  return new Tensor(data, shape);
}

const cases: { shape: number[]; opts: Pool2dOptions }[] = [
  { shape: [2, 3, 11, 13], opts: { kernelSize: 3, stride: 2, padding: 1, ceilMode: true } },
  { shape: [1, 2, 9, 8], opts: { kernelSize: [2, 3], stride: [3, 1], dilation: [2, 3], padding: [1, 1] } },
  { shape: [1, 1, 2, 2], opts: { kernelSize: 2, dilation: 3, padding: 1 } },
  // Wide enough for the four-window SIMD path, with dilation and a non-unit stride.
  { shape: [2, 2, 9, 31], opts: { kernelSize: [2, 3], stride: [1, 2], dilation: [2, 2], padding: [1, 1] } },
  { shape: [1, 3, 56, 56], opts: { kernelSize: 3, stride: 3 } },
  // The common 2x2 stride-2 pooling of a training batch: the backward pass's four-window path.
  { shape: [4, 3, 28, 28], opts: { kernelSize: 2 } },
  // Inner widths that are not a multiple of four: the last windows run as the four ending there
  // (a 14x14 map's 7 outputs; overlapping windows, whose shared taps take every gradient once).
  { shape: [2, 3, 14, 14], opts: { kernelSize: 2 } },
  { shape: [1, 2, 5, 15], opts: { kernelSize: 3, stride: 2 } },
  { shape: [1, 2, 4, 10], opts: { kernelSize: 2, stride: 1 } },
];

describe('max pooling in WebAssembly', () => {
  for (const { shape, opts } of cases) {
    it(`matches the TypeScript reference bit for bit, NaN and ties included: ${JSON.stringify({ shape, ...opts })}`, () => {
      const x = awkward(shape, 5);
      const info = computePool2dInfo('maxPool2d', x.shape, opts);
      const dy = randn([shape[0], shape[1], info.outHeight, info.outWidth], { seed: 6 });
      expect(Array.from(maxPool2dWasm(x, info).data)).toEqual(Array.from(maxPool2d(x, info).data));
      expect(Array.from(maxPool2dBackwardWasm(dy, x, info).data)).toEqual(Array.from(maxPool2dBackward(dy, x, info).data));
    });
  }

  // 2x2 windows at stride 2 tiling the plane run kernels of their own (the backward one writes dx
  // whole): the same values, down to the sign of a zero (0 + -0 is +0 in the reference's zeroed dx).
  it.each([[[2, 3, 28, 28]], [[1, 2, 6, 18]], [[3, 1, 4, 8]], [[1, 1, 2, 2]]])('pools 2x2 at stride 2 and writes its gradient whole, as the reference: %j', (shape) => {
    const x = awkward(shape, 9);
    // Windows where every tap ties (zeros of both signs), or holds NaN at more than one tap.
    x.data.fill(0, 0, 2);
    x.data[shape[3]] = -0;
    x.data[shape[3] + 1] = 0;
    if (x.size >= 8 && shape[3] >= 4) x.data.set([NaN, 1, NaN, 2], 2);
    const info = computePool2dInfo('maxPool2d', x.shape, { kernelSize: 2 });
    const dy = randn([shape[0], shape[1], info.outHeight, info.outWidth], { seed: 10 });
    dy.data.forEach((_, i) => {
      if (i % 5 === 0) dy.data[i] = -0;
      if (i % 13 === 4) dy.data[i] = NaN;
    });
    const y = maxPool2d(x, info).data;
    const yWasm = maxPool2dWasm(x, info).data;
    expect(Array.from(yWasm, (v) => Object.is(v, -0))).toEqual(Array.from(y, (v) => Object.is(v, -0)));
    expect(Array.from(yWasm)).toEqual(Array.from(y));
    const expected = maxPool2dBackward(dy, x, info).data;
    const got = maxPool2dBackwardWasm(dy, x, info).data;
    expect(Array.from(got, (v) => Object.is(v, -0))).toEqual(Array.from(expected, (v) => Object.is(v, -0)));
    expect(Array.from(got)).toEqual(Array.from(expected));
  });
});
