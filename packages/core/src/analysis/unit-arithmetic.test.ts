import { describe, expect, it } from 'vitest';
import { conv2d } from '../ops/conv2d.js';
import { convTranspose2d } from '../ops/conv-transpose2d.js';
import { linear } from '../ops/linear.js';
import { avgPool2d, globalAvgPool2d, maxPool2d } from '../ops/pool.js';
import { upConvolution } from '../ops/up-convolution.js';
import { createRandom } from '../random.js';
import { rand, tensor, type Tensor } from '../tensor.js';
import { conv2dUnit, convTranspose2dUnit, linearUnit, upConvolutionUnit } from './unit-arithmetic.js';
import { avgPoolUnit, globalAvgPoolUnit, maxPoolUnit } from './unit-pooling.js';
import type { UnitArithmetic, UnitPosition } from './unit-terms.js';

/** Every unit of `output` explained by `explain` must add up to itself and to the op's value. */
function expectEveryUnit(output: Tensor, explain: (at: UnitPosition) => UnitArithmetic): number {
  const [batch, channels, height, width] = output.rank === 2 ? [output.shape[0], output.shape[1], 1, 1] : output.shape;
  let checked = 0;
  for (let n = 0; n < batch; n++) for (let c = 0; c < channels; c++) for (let r = 0; r < height; r++) for (let q = 0; q < width; q++) {
    const unit = explain({ sample: n, channel: c, row: r, col: q });
    const expected = output.data[((n * channels + c) * height + r) * width + q];
    expect(unit.value, `unit ${n},${c},${r},${q}`).toBeCloseTo(expected, 4);
    if (unit.kind === 'weightedSum') {
      expect(unit.terms.reduce((s, t) => s + t.input * t.weight, 0) + unit.bias).toBeCloseTo(unit.value, 9);
    } else if (unit.kind === 'average') {
      expect(unit.terms.reduce((s, t) => s + t.input, 0) / unit.divisor).toBeCloseTo(unit.value, 9);
    } else {
      expect(Math.max(...unit.terms.map((t) => t.input))).toBe(unit.value);
    }
    checked++;
  }
  return checked;
}

const pick = <T,>(rng: () => number, options: readonly T[]): T => options[Math.floor(rng() * options.length)];

describe('unit arithmetic against core forward ops, random cases', () => {
  it('conv2d: kernels, strides, padding (numbers, pairs, same), dilation, groups, bias', () => {
    const random = createRandom(11);
    const rng = () => random.next();
    for (let trial = 0; trial < 40; trial++) {
      const groups = pick(rng, [1, 1, 2, 3]);
      const inC = groups * pick(rng, [1, 2]);
      const outC = groups * pick(rng, [1, 2]);
      const k: [number, number] = [pick(rng, [1, 2, 3]), pick(rng, [1, 2, 3])];
      const stride: [number, number] = [pick(rng, [1, 2, 3]), pick(rng, [1, 2])];
      const dilation: [number, number] = [pick(rng, [1, 2]), pick(rng, [1, 2])];
      const padding = pick(rng, [0, 1, [2, 1] as [number, number], 'same' as const]);
      const usePadding = padding === 'same' && (stride[0] > 1 || stride[1] > 1) ? 1 : padding;
      const x = rand([2, inC, 7, 6], { seed: trial, low: -2, high: 2 });
      const w = rand([outC, inC / groups, k[0], k[1]], { seed: 100 + trial, low: -1, high: 1 });
      const b = rand([outC], { seed: 200 + trial });
      const options = { stride, padding: usePadding, dilation, groups };
      const y = conv2d(x, w, { ...options, bias: b });
      expect(expectEveryUnit(y, (at) => conv2dUnit(x, w, { ...options, bias: b.data }, at))).toBe(y.size);
    }
  });

  it('convTranspose2d: stride, padding, output padding, dilation, groups, bias', () => {
    const random = createRandom(12);
    const rng = () => random.next();
    for (let trial = 0; trial < 40; trial++) {
      const groups = pick(rng, [1, 1, 2]);
      const inC = groups * pick(rng, [1, 2]);
      const outPerGroup = pick(rng, [1, 2]);
      const k: [number, number] = [pick(rng, [1, 2, 3]), pick(rng, [2, 3])];
      const stride: [number, number] = [pick(rng, [1, 2, 3]), pick(rng, [1, 2])];
      const dilation: [number, number] = [pick(rng, [1, 2]), 1];
      const padding: [number, number] = [pick(rng, [0, 1]), pick(rng, [0, 1])];
      const outputPadding: [number, number] = [stride[0] > 1 ? pick(rng, [0, 1]) : 0, 0];
      const x = rand([2, inC, 4, 3], { seed: trial, low: -2, high: 2 });
      const w = rand([inC, outPerGroup, k[0], k[1]], { seed: 300 + trial, low: -1, high: 1 });
      const b = rand([outPerGroup * groups], { seed: 400 + trial });
      const options = { stride, padding, outputPadding, dilation, groups };
      const y = convTranspose2d(x, w, { ...options, bias: b });
      expect(expectEveryUnit(y, (at) => convTranspose2dUnit(x, w, { ...options, bias: b.data }, at))).toBe(y.size);
    }
  });

  it('upConvolution: factors, paddings, kernels, channels, bias', () => {
    const random = createRandom(13);
    const rng = () => random.next();
    for (let trial = 0; trial < 30; trial++) {
      const inC = pick(rng, [1, 2]);
      const outC = pick(rng, [1, 3]);
      const k = pick(rng, [1, 2, 3]);
      const factor = pick(rng, [1, 2, 3]);
      const padding = pick(rng, [undefined, 0, 1, [2, 1] as [number, number]]);
      const x = rand([1, inC, 3, 4], { seed: trial, low: -2, high: 2 });
      const w = rand([outC, inC, k, k], { seed: 500 + trial, low: -1, high: 1 });
      const b = rand([outC], { seed: 600 + trial });
      const y = upConvolution(x, w, { factor, padding, bias: b });
      expect(expectEveryUnit(y, (at) => upConvolutionUnit(x, w, { factor, padding, bias: b.data }, at))).toBe(y.size);
    }
  });

  it('linear: every output feature, with and without bias', () => {
    const x = rand([3, 7], { seed: 1, low: -1, high: 1 });
    const w = rand([5, 7], { seed: 2, low: -1, high: 1 });
    const b = rand([5], { seed: 3 });
    expect(expectEveryUnit(linear(x, w, b), (at) => linearUnit(x, w, b.data, at))).toBe(15);
    expect(expectEveryUnit(linear(x, w), (at) => linearUnit(x, w, null, at))).toBe(15);
  });

  it('max pooling: kernels, strides, padding, dilation, ceil mode', () => {
    const random = createRandom(14);
    const rng = () => random.next();
    for (let trial = 0; trial < 40; trial++) {
      const kernelSize: [number, number] = [pick(rng, [1, 2, 3]), pick(rng, [2, 3])];
      const padding: [number, number] = [Math.min(pick(rng, [0, 1]), kernelSize[0] >> 1), Math.min(pick(rng, [0, 1]), kernelSize[1] >> 1)];
      const options = { kernelSize, stride: [pick(rng, [1, 2, 3]), pick(rng, [1, 2])] as [number, number], padding, dilation: [pick(rng, [1, 2]), 1] as [number, number], ceilMode: rng() < 0.5 };
      const x = rand([2, 2, 7, 6], { seed: trial, low: -2, high: 2 });
      const y = maxPool2d(x, options);
      expectEveryUnit(y, (at) => maxPoolUnit(x, options, at));
    }
  });

  it('max pooling: a tie goes to the first maximum, as PyTorch', () => {
    const x = tensor([0, 5, 5, 5], [1, 1, 2, 2]);
    const unit = maxPoolUnit(x, { kernelSize: 2 }, { channel: 0, row: 0, col: 0 });
    expect(unit.winner).toBe(1);
    expect([unit.terms[unit.winner].row, unit.terms[unit.winner].col]).toEqual([0, 1]);
  });

  it('average pooling: count_include_pad both ways, ceil mode', () => {
    const random = createRandom(15);
    const rng = () => random.next();
    for (let trial = 0; trial < 40; trial++) {
      const k = pick(rng, [2, 3]);
      const options = { kernelSize: k, stride: pick(rng, [1, 2, 3]), padding: pick(rng, [0, 1]), ceilMode: rng() < 0.5, countIncludePad: rng() < 0.5 };
      const x = rand([1, 2, 7, 5], { seed: trial, low: -2, high: 2 });
      const y = avgPool2d(x, options);
      expectEveryUnit(y, (at) => avgPoolUnit(x, options, at));
    }
    const ones = tensor(Array(9).fill(1), [1, 1, 3, 3]);
    expect(avgPoolUnit(ones, { kernelSize: 3, padding: 1, stride: 1, countIncludePad: false }, { channel: 0, row: 0, col: 0 }).divisor).toBe(4);
    expect(avgPoolUnit(ones, { kernelSize: 3, padding: 1, stride: 1 }, { channel: 0, row: 0, col: 0 }).divisor).toBe(9);
  });

  it('global average pooling', () => {
    const x = rand([2, 3, 4, 5], { seed: 9 });
    expect(expectEveryUnit(globalAvgPool2d(x).reshape([2, 3, 1, 1]), (at) => globalAvgPoolUnit(x, at))).toBe(6);
  });
});

describe("the document's numbers", () => {
  it('O_11 of the 2x2 expansion is X11 F11 + X12 F12 + X21 F21 + X22 F22', () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const f = tensor([1, 2, 3, 4], [1, 1, 2, 2]);
    const unit = conv2dUnit(x, f, {}, { channel: 0, row: 0, col: 0 });
    expect(unit.terms.map((t) => [t.input, t.weight])).toEqual([[1, 1], [2, 2], [4, 3], [5, 4]]);
    expect(unit.value).toBe(1 + 4 + 12 + 20);
  });

  it('up-convolution: the centre 10 comes from 1, 2, 3 and 4; the corners from one input each', () => {
    const a = tensor([1, 2, 3, 4], [1, 1, 2, 2]);
    const k = tensor([[1, 0, 1], [0, 1, 0], [1, 0, 1]]);
    const centre = upConvolutionUnit(a, k, { factor: 2 }, { channel: 0, row: 1, col: 1 });
    expect(centre.value).toBe(10);
    expect(centre.terms.filter((t) => t.source === 'input').map((t) => t.input)).toEqual([1, 2, 3, 4]);
    expect(centre.terms.filter((t) => t.source === 'inserted')).toHaveLength(5);
    const corner = upConvolutionUnit(a, k, { factor: 2 }, { channel: 0, row: 0, col: 0 });
    expect(corner.terms.filter((t) => t.source === 'padding')).toHaveLength(5);
    expect(corner.value).toBe(1);
  });
});

describe('bad input', () => {
  it('names the op, the field and the actual value', () => {
    const x = rand([1, 1, 3, 3], { seed: 1 });
    const w = rand([1, 1, 2, 2], { seed: 2 });
    expect(() => conv2dUnit(x, w, {}, { channel: 0, row: 2, col: 0 })).toThrow(/conv2dUnit.*row.*0\.\.1.*got 2/);
    expect(() => conv2dUnit(x, w, { bias: [1, 2] }, { channel: 0, row: 0, col: 0 })).toThrow(/bias.*1 values.*got 2/);
    expect(() => linearUnit(rand([1, 4]), rand([2, 3]), null, { channel: 0, row: 0, col: 0 })).toThrow(/linearUnit.*weight.*\[out, 4\]/);
  });
});
