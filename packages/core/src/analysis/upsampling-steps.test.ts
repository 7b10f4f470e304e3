import { describe, expect, it } from 'vitest';
import { ConvStudioError } from '../errors.js';
import { convTranspose2d } from '../ops/conv-transpose2d.js';
import { upConvolution } from '../ops/up-convolution.js';
import { rand, Tensor, tensor } from '../tensor.js';
import { gridSourceOf, upsamplingSteps, upsamplingWindow, type UpsamplingSteps } from './upsampling-steps.js';

const closeTo = (a: Tensor, b: Tensor, digits = 5) => {
  expect(a.shape).toEqual(b.shape);
  a.data.forEach((v, i) => expect(v).toBeCloseTo(b.data[i], digits));
};

/** Every window's sum plus bias is the output value, and every term reads P at the position it names. */
function checkWindows(steps: UpsamplingSteps): void {
  const [cout, , oh, ow] = steps.output.shape;
  const [, , ph, pw] = steps.inserted.shape;
  for (let o = 0; o < cout; o++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const unit = upsamplingWindow(steps, o, i, j);
        expect(unit.sum + unit.bias).toBeCloseTo(unit.value, 4);
        for (const t of unit.terms) {
          expect(t.value).toBe(steps.inserted.data[(t.channel * ph + t.row) * pw + t.col]);
          if (t.source.kind !== 'input') expect(t.value).toBe(0);
          else expect(t.value).toBe(steps.input.data[(t.channel * steps.input.shape[2] + t.source.row) * steps.input.shape[3] + t.source.col]);
        }
      }
    }
  }
}

describe('upsamplingSteps: the source document', () => {
  const A = tensor([[1, 2], [3, 4]]).reshape([1, 1, 2, 2]);
  const K = tensor([[1, 0, 1], [0, 1, 0], [1, 0, 1]]).reshape([1, 1, 3, 3]);
  const steps = upsamplingSteps({ kind: 'upConvolution', factor: 2, padding: 1 }, A, K);

  it('builds the document\'s P: zeros inserted and one ring of padding', () => {
    expect(steps.inserted.toArray()).toEqual([[[
      [0, 0, 0, 0, 0],
      [0, 1, 0, 2, 0],
      [0, 0, 0, 0, 0],
      [0, 3, 0, 4, 0],
      [0, 0, 0, 0, 0],
    ]]]);
    expect(gridSourceOf(steps, 1, 3)).toEqual({ kind: 'input', row: 0, col: 1 });
    expect(gridSourceOf(steps, 2, 2)).toEqual({ kind: 'inserted' });
    expect(gridSourceOf(steps, 0, 2)).toEqual({ kind: 'padding' });
  });

  it('gives K ⊗ P = [[1,0,2],[0,10,0],[3,0,4]] and the equal transposed convolution', () => {
    expect(steps.output.toArray()).toEqual([[[[1, 0, 2], [0, 10, 0], [3, 0, 4]]]]);
    expect(steps.transposed).toMatchObject({ stride: [2, 2], padding: [1, 1], outputPadding: [0, 0] });
    expect(steps.transposedOutput?.toArray()).toEqual([[[[1, 0, 2], [0, 10, 0], [3, 0, 4]]]]);
    expect(steps.maxDifference).toBe(0);
  });

  it('spells out the centre unit: 1 + 2 + 3 + 4 through the corners of K', () => {
    const unit = upsamplingWindow(steps, 0, 1, 1);
    expect(unit.value).toBe(10);
    expect(unit.terms.filter((t) => t.product !== 0).map((t) => [t.row, t.col, t.product])).toEqual([[1, 1, 1], [1, 3, 2], [3, 1, 3], [3, 3, 4]]);
    expect(unit.terms.filter((t) => t.source.kind === 'inserted')).toHaveLength(5);
  });
});

describe('upsamplingSteps: against core\'s ops', () => {
  it('an up-convolution equals core\'s upConvolution and its transposed form equals convTranspose2d', () => {
    let seed = 10;
    for (const [factor, padding, kh, kw] of [[2, [1, 0], 3, 2], [3, [2, 1], 3, 3], [1, [0, 0], 2, 2], [2, [0, 2], 1, 3]] as const) {
      const x = rand([2, 3, 4, 3], { seed: seed++, low: -1, high: 1 });
      const w = rand([2, 3, kh, kw], { seed: seed++, low: -1, high: 1 });
      const bias = [0.5, -0.25];
      const steps = upsamplingSteps({ kind: 'upConvolution', factor, padding: [padding[0], padding[1]] }, x, w, bias);
      // Only the first image is spelled out.
      const a = new Tensor(x.data.slice(0, 36), [1, 3, 4, 3]);
      const reference = upConvolution(a, w, { factor, padding: [padding[0], padding[1]], bias: tensor(bias) });
      closeTo(steps.output, reference);
      if (padding[0] > kh - 1 || padding[1] > kw - 1) {
        expect(steps.transposed).toHaveProperty('unavailable');
        expect(steps.transposedOutput).toBeUndefined();
      } else {
        expect(steps.maxDifference).toBeLessThan(1e-5);
      }
      checkWindows(steps);
    }
  });

  it('a transposed convolution (stride, padding, output padding, dilation, groups) equals zero insertion then conv2d', () => {
    let seed = 40;
    const cases = [
      { stride: 2, padding: 1, outputPadding: 1, dilation: 1, groups: 1, k: [3, 3] },
      { stride: [3, 2] as [number, number], padding: 0, outputPadding: [2, 0] as [number, number], dilation: 1, groups: 1, k: [2, 3] },
      { stride: 2, padding: 2, outputPadding: 0, dilation: 2, groups: 2, k: [3, 3] },
      { stride: 1, padding: [3, 1] as [number, number], outputPadding: 0, dilation: 1, groups: 1, k: [3, 3] }, // padding beyond k - 1 crops P
    ];
    for (const { k, ...geometry } of cases) {
      const x = rand([1, 4, 5, 4], { seed: seed++, low: -1, high: 1 });
      const w = rand([4, 2, k[0], k[1]], { seed: seed++, low: -1, high: 1 });
      const bias = Array.from({ length: 2 * geometry.groups }, (_, i) => i - 0.5);
      const layer = { kind: 'convTranspose2d' as const, ...geometry };
      const steps = upsamplingSteps(layer, x, w, bias);
      closeTo(steps.output, convTranspose2d(x, w, { ...geometry, bias: tensor(bias) }), 4);
      expect(steps.maxDifference).toBeLessThan(1e-4);
      checkWindows(steps);
    }
  });

  it('names the field of bad input', () => {
    const x = rand([1, 2, 3, 3], { seed: 1 });
    const w = rand([1, 3, 3, 3], { seed: 2 });
    expect(() => upsamplingSteps({ kind: 'upConvolution' }, x, w)).toThrow(/upsamplingSteps: weight .*expects 3 input channels.* has 2/);
    expect(() => upsamplingSteps({ kind: 'upConvolution', factor: 0 }, x, rand([1, 2, 3, 3], { seed: 3 }))).toThrow(ConvStudioError);
    expect(() => upsamplingSteps({ kind: 'convTranspose2d', outputPadding: 2, stride: 2 }, x, rand([2, 1, 3, 3], { seed: 3 }))).toThrow(/outputPadding/);
    const steps = upsamplingSteps({ kind: 'upConvolution' }, x, rand([1, 2, 3, 3], { seed: 3 }));
    expect(() => upsamplingWindow(steps, 0, 9, 0)).toThrow(/upsamplingWindow: row must be in 0\.\.4, got 9/);
    expect(() => upsamplingSteps({ kind: 'upConvolution' }, x, rand([1, 2, 3, 3], { seed: 3 }), [1, 2])).toThrow(/upsamplingSteps: bias must have one value per output channel \(1\), got 2/);
  });
});
