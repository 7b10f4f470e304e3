import { computeConvTranspose2dInfo } from '../conv-info.js';
import { fail, formatShape } from '../errors.js';
import { checkedSize } from '../limits.js';
import { conv2d } from '../ops/conv2d.js';
import { convTranspose2d } from '../ops/conv-transpose2d.js';
import { nonNegativePair, positivePair, type Pair } from '../shape.js';
import { Tensor } from '../tensor.js';

const OP = 'upsamplingSteps';

/** The layer whose upsampling is spelled out: the document's up-convolution or a transposed convolution. */
export type UpsamplingLayer =
  | { kind: 'upConvolution'; factor?: number; padding?: Pair }
  | { kind: 'convTranspose2d'; stride?: Pair; padding?: Pair; outputPadding?: Pair; dilation?: Pair; groups?: number };

/** Where a cell of the zero-inserted, padded grid P comes from. */
export type GridSource = { kind: 'input'; row: number; col: number } | { kind: 'inserted' } | { kind: 'padding' };

/** A transposed convolution, with its own weight `[Cin, Cout/groups, kH, kW]`, in PyTorch's terms. */
export interface TransposedForm {
  stride: [number, number];
  padding: [number, number];
  outputPadding: [number, number];
  dilation: [number, number];
  groups: number;
  weight: Tensor;
}

/**
 * Both readings of one upsampling layer on one image: the document's (A → zero-inserted and
 * padded P → K ⊗ P) and the transposed convolution's, each computed by core's own op.
 */
export interface UpsamplingSteps {
  layer: UpsamplingLayer['kind'];
  /** A, the first image of the input: `[1, C, H, W]`. */
  input: Tensor;
  /** Zeros inserted between neighbours: `factor - 1` per gap, per axis. */
  factor: [number, number];
  /** Zeros added around the zero-inserted grid (negative: rows or columns cut off). */
  pad: { top: number; bottom: number; left: number; right: number };
  /** P, `[1, C, Hp, Wp]`. */
  inserted: Tensor;
  /** K, the kernel slid over P: `[Cout, Cin/groups, kH, kW]`. */
  kernel: Tensor;
  dilation: [number, number];
  groups: number;
  /** One value per output channel (zeros when the layer has none). */
  bias: Float32Array;
  /** K ⊗ P (+ bias), by core's conv2d. */
  output: Tensor;
  /** The equal transposed convolution, or why none exists (an up-convolution padded beyond its kernel). */
  transposed: TransposedForm | { unavailable: string };
  /** The transposed convolution of A by core's convTranspose2d (absent when unavailable). */
  transposedOutput?: Tensor;
  /** Largest |K ⊗ P − transposed| over every value (0 when both agree exactly). */
  maxDifference?: number;
}

/** One product of a window of K over P. */
export interface WindowTerm {
  channel: number;
  /** Position in P. */
  row: number;
  col: number;
  source: GridSource;
  kernelRow: number;
  kernelCol: number;
  value: number;
  weight: number;
  product: number;
}

/** The window of K over P that makes one output unit: its products, their sum, the bias and the value. */
export interface UpsamplingWindow {
  terms: WindowTerm[];
  sum: number;
  bias: number;
  value: number;
}

/** Where cell (row, col) of P comes from, for A of `height x width` (the same in every channel). */
export function gridSourceOf(steps: Pick<UpsamplingSteps, 'factor' | 'pad' | 'input'>, row: number, col: number): GridSource {
  const [, , h, w] = steps.input.shape;
  const r = row - steps.pad.top;
  const c = col - steps.pad.left;
  const [fh, fw] = steps.factor;
  if (r < 0 || c < 0 || r > (h - 1) * fh || c > (w - 1) * fw) return { kind: 'padding' };
  if (r % fh !== 0 || c % fw !== 0) return { kind: 'inserted' };
  return { kind: 'input', row: r / fh, col: c / fw };
}

/** The kernel rotated 180 degrees with its first two axes swapped within each group. */
function flipAndSwap(w: Tensor, groups: number): Tensor {
  const [a, b, kh, kw] = w.shape;
  // `a` channels of one side in `groups` groups, `b` of the other per group: [a, b] -> [b·groups, a/groups].
  const aPerGroup = a / groups;
  const out = new Float32Array(w.size);
  for (let i = 0; i < a; i++) {
    const group = Math.floor(i / aPerGroup);
    for (let j = 0; j < b; j++) {
      const to = group * b + j;
      const toJ = i % aPerGroup;
      for (let m = 0; m < kh; m++) {
        for (let n = 0; n < kw; n++) {
          out[((to * aPerGroup + toJ) * kh + (kh - 1 - m)) * kw + (kw - 1 - n)] = w.data[((i * b + j) * kh + m) * kw + n];
        }
      }
    }
  }
  return new Tensor(out, [b * groups, aPerGroup, kh, kw]);
}

function biasOf(bias: ArrayLike<number> | null | undefined, channels: number): Float32Array {
  if (bias === null || bias === undefined) return new Float32Array(channels);
  if (bias.length !== channels) fail(OP, 'bias', `must have one value per output channel (${channels}), got ${bias.length}`);
  return Float32Array.from(bias);
}

function maxDifference(a: Tensor, b: Tensor): number {
  if (a.shape.join() !== b.shape.join()) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.size; i++) worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
  return worst;
}

/**
 * Spells out an up-convolution or a transposed convolution as the document does: A (the first
 * image of `x`), P = A with zeros inserted and padded, and K ⊗ P by conv2d; beside it the same
 * layer as a transposed convolution by convTranspose2d, with the difference between the two.
 *
 * An up-convolution (factor f, padding p, kernel K) equals convTranspose2d with stride f, padding
 * k − 1 − p, output padding 0 and K rotated 180° with its channel axes swapped; a transposed
 * convolution (stride s, padding q, output padding o, dilation d) is zero insertion by s, then
 * d(k − 1) − q zeros above and to the left and d(k − 1) − q + o below and to the right, then a
 * convolution with the rotated kernel.
 *
 * @example
 * const a = tensor([[1, 2], [3, 4]]).reshape([1, 1, 2, 2]);
 * const k = tensor([[1, 0, 1], [0, 1, 0], [1, 0, 1]]).reshape([1, 1, 3, 3]);
 * const steps = upsamplingSteps({ kind: 'upConvolution', factor: 2, padding: 1 }, a, k);
 * steps.output.toArray(); // [[[[1, 0, 2], [0, 10, 0], [3, 0, 4]]]]; steps.maxDifference === 0
 */
export function upsamplingSteps(layer: UpsamplingLayer, x: Tensor, weight: Tensor, bias?: ArrayLike<number> | null): UpsamplingSteps {
  if (!(x instanceof Tensor) || x.rank !== 4) fail(OP, 'input', `must be a rank-4 tensor (N,C,H,W), got ${x instanceof Tensor ? formatShape(x.shape) : typeof x}`);
  if (!(weight instanceof Tensor) || weight.rank !== 4) fail(OP, 'weight', `must be a rank-4 tensor, got ${weight instanceof Tensor ? formatShape(weight.shape) : typeof weight}`);
  const [, channels, h, w] = x.shape;
  const input = new Tensor(x.data.slice(0, channels * h * w), [1, channels, h, w]);
  const [kh, kw] = [weight.shape[2], weight.shape[3]];
  let factor: [number, number];
  let pad: UpsamplingSteps['pad'];
  let kernel: Tensor;
  let dilation: [number, number] = [1, 1];
  let groups = 1;
  let transposed: UpsamplingSteps['transposed'];
  if (layer.kind === 'upConvolution') {
    const f = layer.factor ?? 2;
    if (!Number.isSafeInteger(f) || f <= 0) fail(OP, 'factor', `must be a positive integer, got ${f}`);
    factor = [f, f];
    const [ph, pw] = nonNegativePair(OP, 'padding', layer.padding ?? [Math.floor(kh / 2), Math.floor(kw / 2)]);
    pad = { top: ph, bottom: ph, left: pw, right: pw };
    if (weight.shape[1] !== channels) fail(OP, 'weight', `shape ${formatShape(weight.shape)} expects ${weight.shape[1]} input channels, but the input ${formatShape(x.shape)} has ${channels}`);
    kernel = weight;
    transposed = ph > kh - 1 || pw > kw - 1
      ? { unavailable: `padding ${ph}x${pw} is more than the kernel size minus 1 (${kh - 1}x${kw - 1}): a transposed convolution would need negative padding` }
      : { stride: [f, f], padding: [kh - 1 - ph, kw - 1 - pw], outputPadding: [0, 0], dilation: [1, 1], groups: 1, weight: flipAndSwap(weight, 1) };
  } else {
    // Validates stride, padding, output padding, dilation and groups with convTranspose2d's own words.
    computeConvTranspose2dInfo(OP, input.shape, weight.shape, layer);
    const stride = positivePair(OP, 'stride', layer.stride, 1);
    dilation = positivePair(OP, 'dilation', layer.dilation, 1);
    const [qh, qw] = nonNegativePair(OP, 'padding', layer.padding);
    const [oh, ow] = nonNegativePair(OP, 'outputPadding', layer.outputPadding);
    groups = layer.groups ?? 1;
    factor = stride;
    const [eh, ew] = [dilation[0] * (kh - 1), dilation[1] * (kw - 1)];
    pad = { top: eh - qh, bottom: eh - qh + oh, left: ew - qw, right: ew - qw + ow };
    kernel = flipAndSwap(weight, groups);
    transposed = { stride, padding: [qh, qw], outputPadding: [oh, ow], dilation, groups, weight };
  }
  const gridShape = [1, channels, (h - 1) * factor[0] + 1 + pad.top + pad.bottom, (w - 1) * factor[1] + 1 + pad.left + pad.right];
  if (gridShape[2] <= 0 || gridShape[3] <= 0) fail(OP, 'padding', `cuts away the whole grid (P would be ${gridShape[2]}x${gridShape[3]})`);
  const grid = new Float32Array(checkedSize(OP, 'the zero-inserted grid', gridShape));
  const [, , ph, pw] = gridShape;
  for (let row = 0; row < ph; row++) {
    for (let col = 0; col < pw; col++) {
      const source = gridSourceOf({ factor, pad, input }, row, col);
      if (source.kind !== 'input') continue;
      for (let c = 0; c < channels; c++) grid[(c * ph + row) * pw + col] = input.data[(c * h + source.row) * w + source.col];
    }
  }
  const inserted = new Tensor(grid, gridShape);
  const biasValues = biasOf(bias, kernel.shape[0]);
  const biasTensor = bias === null || bias === undefined ? null : new Tensor(biasValues.slice(), [biasValues.length]);
  const output = conv2d(inserted, kernel, { dilation, groups, bias: biasTensor });
  const steps: UpsamplingSteps = { layer: layer.kind, input, factor, pad, inserted, kernel, dilation, groups, bias: biasValues, output, transposed };
  if ('weight' in transposed) {
    const { weight: tw, ...geometry } = transposed;
    steps.transposedOutput = convTranspose2d(input, tw, { ...geometry, bias: biasTensor });
    steps.maxDifference = maxDifference(output, steps.transposedOutput);
  }
  return steps;
}

function expectIndex(name: string, value: number, count: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= count) fail('upsamplingWindow', name, `must be in 0..${count - 1}, got ${value}`);
}

/**
 * The window of K over P that makes output unit (outChannel, row, col): every product P·K of the
 * unit's input channels, their sum, the bias and the value (the sum in float64).
 *
 * @example
 * upsamplingWindow(steps, 0, 1, 1).value; // 10 in the document's example
 */
export function upsamplingWindow(steps: UpsamplingSteps, outChannel: number, row: number, col: number): UpsamplingWindow {
  const [cout, perGroupIn, kh, kw] = steps.kernel.shape;
  const [, , oh, ow] = steps.output.shape;
  const [, , ph, pw] = steps.inserted.shape;
  expectIndex('outChannel', outChannel, cout);
  expectIndex('row', row, oh);
  expectIndex('col', col, ow);
  const group = Math.floor(outChannel / (cout / steps.groups));
  const terms: WindowTerm[] = [];
  let sum = 0;
  for (let ci = 0; ci < perGroupIn; ci++) {
    const channel = group * perGroupIn + ci;
    for (let m = 0; m < kh; m++) {
      for (let n = 0; n < kw; n++) {
        const r = row + m * steps.dilation[0];
        const c = col + n * steps.dilation[1];
        const value = steps.inserted.data[(channel * ph + r) * pw + c];
        const weight = steps.kernel.data[((outChannel * perGroupIn + ci) * kh + m) * kw + n];
        terms.push({ channel, row: r, col: c, source: gridSourceOf(steps, r, c), kernelRow: m, kernelCol: n, value, weight, product: value * weight });
        sum += value * weight;
      }
    }
  }
  const bias = steps.bias[outChannel];
  return { terms, sum, bias, value: steps.output.data[(outChannel * oh + row) * ow + col] };
}
