import { describe, expect, it } from 'vitest';
import { conv2dBackwardFilter, conv2dBackwardInput, conv2dForward } from '../cpu/conv2d.js';
import { computeConv2dInfo } from '../conv-info.js';
import { randn } from '../tensor.js';
import { conv2dBackwardFilterWasm, conv2dBackwardInputByCol2im, conv2dBackwardInputWasm, conv2dDirectWasm, conv2dForwardWasm } from './conv2d-wasm.js';

function maxError(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return worst / scale;
}

// The conformance suite checks the WebAssembly path against PyTorch on small shapes; these add
// the geometry it does not reach: several bands of output rows, batches with groups, strided and
// dilated windows with uneven padding, and 1x1 convolutions that skip im2col.
const shapes = [
  { x: [1, 16, 180, 180], w: [8, 16, 3, 3], opts: { padding: 1 }, what: 'two bands of output rows' },
  { x: [3, 6, 13, 11], w: [4, 3, 3, 2], opts: { groups: 2, stride: [2, 1] as [number, number], padding: [1, 0, 2, 1] as [number, number, number, number] }, what: 'batch, groups, stride, uneven padding' },
  { x: [2, 5, 17, 19], w: [7, 5, 3, 3], opts: { dilation: 2, padding: 2, stride: 3 }, what: 'dilation and stride 3' },
  { x: [2, 12, 9, 9], w: [10, 12, 1, 1], opts: {}, what: 'pointwise' },
  { x: [2, 6, 12, 10], w: [9, 2, 3, 2], opts: { groups: 3, dilation: [2, 3] as [number, number], padding: [3, 1, 0, 2] as [number, number, number, number] }, what: 'stride 1 with groups, dilation and uneven padding (input gradient as a forward pass)' },
  { x: [1, 4, 7, 7], w: [5, 4, 1, 3], opts: { padding: [1, 1] as [number, number] }, what: 'padding beyond the kernel (input gradient by col2im)' },
  { x: [1, 1, 28, 28], w: [2, 1, 5, 5], opts: {}, what: 'the worked example' },
  // 'same' padding at stride 1 unfolds a band per copy; a dilated 5x5 shifts rows by up to 4.
  { x: [2, 3, 12, 9], w: [5, 3, 5, 5], opts: { padding: 'same' as const, dilation: 2 }, what: "'same' padding, dilated 5x5" },
  { x: [1, 2, 3, 3], w: [3, 2, 5, 5], opts: { padding: 'same' as const, dilation: 2 }, what: "'same' padding wider than the map" },
  // A first layer (8 channels x 9 taps): the weight gradient runs as dWᵀ, per group too.
  { x: [3, 1, 28, 28], w: [8, 1, 3, 3], opts: { padding: 1 }, what: 'a first layer: weight gradient transposed' },
  { x: [2, 2, 9, 9], w: [16, 1, 3, 3], opts: { groups: 2, padding: 1 }, what: 'groups with the weight gradient transposed' },
  { x: [2, 3, 10, 23], w: [4, 3, 3, 5], opts: { padding: [2, 1, 3, 4] as [number, number, number, number], dilation: [1, 2] as [number, number] }, what: 'wide padding, dilated columns' },
];

describe('conv2d in WebAssembly', () => {
  for (const { x: xs, w: ws, opts, what } of shapes) {
    it(`forward and both gradients equal the TypeScript reference: ${what}`, () => {
      const x = randn(xs, { seed: 1 });
      const w = randn(ws, { seed: 2 });
      const bias = randn([ws[0]], { seed: 4 });
      const info = computeConv2dInfo('conv2d', x.shape, w.shape, opts);
      const dy = randn([xs[0], ws[0], info.outHeight, info.outWidth], { seed: 3 });
      const reference = conv2dForward(x, w, bias, info, 'gemm').data;
      expect(maxError(conv2dForwardWasm(x, w, bias, info).data, reference)).toBeLessThan(1e-5);
      expect(maxError(conv2dDirectWasm(x, w, bias, info).data, reference)).toBeLessThan(1e-5);
      const dx = conv2dBackwardInput(dy, w, info).data;
      expect(maxError(conv2dBackwardInputWasm(dy, w, info).data, dx)).toBeLessThan(1e-5);
      expect(maxError(conv2dBackwardInputByCol2im(dy, w, info).data, dx)).toBeLessThan(1e-5);
      expect(maxError(conv2dBackwardFilterWasm(x, dy, info).data, conv2dBackwardFilter(x, dy, info).data)).toBeLessThan(1e-5);
    });
  }
});
