import { computeConv2dInfo, computeConvTranspose2dInfo, type Conv2dGeometry, type ConvTranspose2dGeometry } from '../conv-info.js';
import { fail, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { at4, biasAt, checkPosition, sumOf, type UnitPosition, type UnitTerm, type WeightedSumUnit } from './unit-terms.js';

type Bias = ArrayLike<number> | null | undefined;

/**
 * The terms of one conv2d output unit, the document's O_ij = Σ_c Σ_m Σ_n X[i+m, j+n, c] · F[m, n]
 * with stride, padding (zeros), dilation and groups: every input channel of the unit's group, every
 * kernel tap. Geometry comes from core's `computeConv2dInfo`, the same the forward op uses.
 *
 * @example
 * const unit = conv2dUnit(x, w, { padding: 1 }, { channel: 0, row: 0, col: 0 });
 * unit.sum + unit.bias === unit.value; // true
 */
export function conv2dUnit(x: Tensor, weight: Tensor, options: Conv2dGeometry & { bias?: Bias }, at: UnitPosition): WeightedSumUnit {
  const info = computeConv2dInfo('conv2dUnit', x.shape, weight.shape, options);
  const p = checkPosition('conv2dUnit', at, [info.batch, info.outChannels, info.outHeight, info.outWidth]);
  const perGroupIn = info.inChannels / info.groups;
  const group = Math.floor(p.channel / (info.outChannels / info.groups));
  const terms: UnitTerm[] = [];
  for (let ci = 0; ci < perGroupIn; ci++) {
    const c = group * perGroupIn + ci;
    for (let m = 0; m < info.kernelHeight; m++) {
      const row = p.row * info.strideHeight - info.pad.top + m * info.dilationHeight;
      for (let n = 0; n < info.kernelWidth; n++) {
        const col = p.col * info.strideWidth - info.pad.left + n * info.dilationWidth;
        const inside = row >= 0 && row < info.inHeight && col >= 0 && col < info.inWidth;
        const input = inside ? at4(x, p.sample, c, row, col) : 0;
        const w = at4(weight, p.channel, ci, m, n);
        terms.push({ channel: c, row, col, source: inside ? 'input' : 'padding', gridRow: row + info.pad.top, gridCol: col + info.pad.left, kernelRow: m, kernelCol: n, input, weight: w, product: input * w });
      }
    }
  }
  return weighted('conv2d', terms, biasAt('conv2dUnit', options.bias, p.channel, info.outChannels));
}

/**
 * The terms of one convTranspose2d output unit: the input cells that scatter into it. Input cell
 * (iy, ix) reaches output row iy·stride − padding + m·dilation through kernel tap m, so the unit
 * gathers every (input cell, tap) pair landing on it. Weight layout `[Cin, Cout/groups, kH, kW]`.
 *
 * @example
 * convTranspose2dUnit(x, w, { stride: 2 }, { channel: 0, row: 1, col: 1 }).terms; // the contributing cells
 */
export function convTranspose2dUnit(x: Tensor, weight: Tensor, options: ConvTranspose2dGeometry & { bias?: Bias }, at: UnitPosition): WeightedSumUnit {
  // The record describes the convolution whose input gradient this is: its `in*` is our output.
  const info = computeConvTranspose2dInfo('convTranspose2dUnit', x.shape, weight.shape, options);
  const p = checkPosition('convTranspose2dUnit', at, [info.batch, info.inChannels, info.inHeight, info.inWidth]);
  const perGroupOut = info.inChannels / info.groups;
  const perGroupIn = info.outChannels / info.groups;
  const group = Math.floor(p.channel / perGroupOut);
  const terms: UnitTerm[] = [];
  for (let ci = 0; ci < perGroupIn; ci++) {
    const c = group * perGroupIn + ci;
    for (let m = 0; m < info.kernelHeight; m++) {
      const rowSpan = p.row + info.pad.top - m * info.dilationHeight;
      if (rowSpan < 0 || rowSpan % info.strideHeight !== 0 || rowSpan / info.strideHeight >= info.outHeight) continue;
      const row = rowSpan / info.strideHeight;
      for (let n = 0; n < info.kernelWidth; n++) {
        const colSpan = p.col + info.pad.left - n * info.dilationWidth;
        if (colSpan < 0 || colSpan % info.strideWidth !== 0 || colSpan / info.strideWidth >= info.outWidth) continue;
        const col = colSpan / info.strideWidth;
        const input = at4(x, p.sample, c, row, col);
        const w = at4(weight, c, p.channel - group * perGroupOut, m, n);
        terms.push({ channel: c, row, col, source: 'input', gridRow: row, gridCol: col, kernelRow: m, kernelCol: n, input, weight: w, product: input * w });
      }
    }
  }
  return weighted('convTranspose2d', terms, biasAt('convTranspose2dUnit', options.bias, p.channel, info.inChannels));
}

/** Options of {@link upConvolutionUnit}, as core's `upConvolution` takes them. */
export interface UpConvolutionUnitOptions {
  factor?: number;
  padding?: number | readonly [number, number];
  bias?: Bias;
}

/**
 * The terms of one output unit of the document's up-convolution (zero insertion, zero padding,
 * then a stride-1 convolution): the window over the zero-inserted, padded grid P, each tap marked
 * as an input value, an inserted zero or padding. Kernel `[Cout, Cin, kH, kW]` or `[kH, kW]`.
 *
 * @example
 * // A = [[1,2],[3,4]], K = [[1,0,1],[0,1,0],[1,0,1]]: the centre unit is 10 = 1+2+3+4.
 * upConvolutionUnit(a, k, { factor: 2 }, { channel: 0, row: 1, col: 1 }).value; // 10
 */
export function upConvolutionUnit(x: Tensor, kernel: Tensor, options: UpConvolutionUnitOptions, at: UnitPosition): WeightedSumUnit {
  const op = 'upConvolutionUnit';
  const weight = kernel.rank === 2 ? kernel.reshape([1, 1, kernel.shape[0], kernel.shape[1]]) : kernel;
  if (x.rank !== 4) fail(op, 'input', `must be rank 4 (N,C,H,W), got shape ${formatShape(x.shape)}`);
  const factor = options.factor ?? 2;
  if (!Number.isSafeInteger(factor) || factor <= 0) fail(op, 'factor', `must be a positive integer, got ${factor}`);
  const [kH, kW] = [weight.shape[2], weight.shape[3]];
  const [padH, padW] = options.padding === undefined ? [Math.floor(kH / 2), Math.floor(kW / 2)] : typeof options.padding === 'number' ? [options.padding, options.padding] : options.padding;
  const [batch, channels, height, width] = x.shape;
  const inserted = [batch, channels, (height - 1) * factor + 1, (width - 1) * factor + 1];
  // The convolution step's geometry, from the same function the op uses (it also checks the kernel).
  const info = computeConv2dInfo(op, inserted, weight.shape, { padding: [padH, padW] });
  const p = checkPosition(op, at, [batch, info.outChannels, info.outHeight, info.outWidth]);
  const terms: UnitTerm[] = [];
  for (let c = 0; c < channels; c++) {
    for (let m = 0; m < kH; m++) {
      const gridRow = p.row + m;
      for (let n = 0; n < kW; n++) {
        const gridCol = p.col + n;
        const zr = gridRow - padH;
        const zc = gridCol - padW;
        const padding = zr < 0 || zr >= inserted[2] || zc < 0 || zc >= inserted[3];
        const fromInput = !padding && zr % factor === 0 && zc % factor === 0;
        const [row, col] = fromInput ? [zr / factor, zc / factor] : [zr, zc];
        const input = fromInput ? at4(x, p.sample, c, row, col) : 0;
        const w = at4(weight, p.channel, c, m, n);
        terms.push({ channel: c, row, col, source: padding ? 'padding' : fromInput ? 'input' : 'inserted', gridRow, gridCol, kernelRow: m, kernelCol: n, input, weight: w, product: input * w });
      }
    }
  }
  return weighted('upConvolution', terms, biasAt(op, options.bias, p.channel, info.outChannels));
}

/**
 * The terms of one linear output feature, y_j = Σ_i W[j, i] · x_i + b_j. The input is `[N, F]`
 * (a rank-4 input is read flattened, as the flatten layer before it would); `at.channel` is j.
 *
 * @example
 * linearUnit(features, w, b, { channel: 3, row: 0, col: 0 }).value;
 */
export function linearUnit(x: Tensor, weight: Tensor, bias: Bias, at: UnitPosition): WeightedSumUnit {
  const op = 'linearUnit';
  const batch = x.shape[0];
  const features = x.size / batch;
  if (weight.rank !== 2 || weight.shape[1] !== features) fail(op, 'weight', `must be [out, ${features}] for the input ${formatShape(x.shape)}, got ${formatShape(weight.shape)}`);
  const outFeatures = weight.shape[0];
  const p = checkPosition(op, at, [batch, outFeatures, 1, 1]);
  const terms: UnitTerm[] = [];
  for (let i = 0; i < features; i++) {
    const input = x.data[p.sample * features + i];
    const w = weight.data[p.channel * features + i];
    terms.push({ channel: i, row: 0, col: i, source: 'input', gridRow: 0, gridCol: i, kernelRow: 0, kernelCol: i, input, weight: w, product: input * w });
  }
  return weighted('linear', terms, biasAt(op, bias, p.channel, outFeatures));
}

function weighted(op: WeightedSumUnit['op'], terms: UnitTerm[], bias: number): WeightedSumUnit {
  const sum = sumOf(terms);
  return { kind: 'weightedSum', op, terms, sum, bias, value: sum + bias };
}
