import { fail, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';

/** Which output unit to explain: sample, channel (a linear layer's feature), row and column. */
export interface UnitPosition {
  sample?: number;
  channel: number;
  row: number;
  col: number;
}

/**
 * One term of a unit's computation: the input value read (or the zero / -Infinity that stands in
 * for padding), the kernel weight it meets, and their product.
 */
export interface UnitTerm {
  /** Input channel (a linear layer's input feature). */
  channel: number;
  /** Input row and column; outside the input for padding, and for inserted zeros the grid position. */
  row: number;
  col: number;
  /** A real input cell, zero padding, or (up-convolution) a zero inserted between inputs. */
  source: 'input' | 'padding' | 'inserted';
  /** Row and column in the padded (for up-convolution: zero-inserted and padded) grid the window slides over. */
  gridRow: number;
  gridCol: number;
  /** Kernel tap (0 for linear layers and pooling). */
  kernelRow: number;
  kernelCol: number;
  input: number;
  /** The weight met; 1 for pooling. */
  weight: number;
  product: number;
}

/** A weighted sum (convolutions, linear): the sum of the terms' products plus the bias is the unit's value. */
export interface WeightedSumUnit {
  kind: 'weightedSum';
  op: 'conv2d' | 'convTranspose2d' | 'upConvolution' | 'linear';
  terms: UnitTerm[];
  sum: number;
  bias: number;
  value: number;
}

/** Max pooling: the window's taps and which one won (the first maximum in row-major order, as PyTorch). */
export interface MaxUnit {
  kind: 'max';
  op: 'maxPool2d';
  terms: UnitTerm[];
  /** Index into `terms` of the winner; -1 when every tap lies in the padding. */
  winner: number;
  value: number;
}

/** Average pooling: the window's sum and the divisor PyTorch uses (count_include_pad, ceil mode). */
export interface AverageUnit {
  kind: 'average';
  op: 'avgPool2d' | 'globalAvgPool2d';
  terms: UnitTerm[];
  sum: number;
  divisor: number;
  countIncludePad: boolean;
  value: number;
}

/** How one output unit is computed from its inputs. */
export type UnitArithmetic = WeightedSumUnit | MaxUnit | AverageUnit;

/** Checks the position against an output of `outShape` `[N, C, H, W]` and returns it complete. */
export function checkPosition(op: string, at: UnitPosition, outShape: readonly number[]): Required<UnitPosition> {
  const sample = at.sample ?? 0;
  const names = ['sample', 'channel', 'row', 'col'] as const;
  const values = [sample, at.channel, at.row, at.col];
  values.forEach((value, axis) => {
    if (!Number.isSafeInteger(value) || value < 0 || value >= outShape[axis]) {
      fail(op, names[axis], `must be an integer in 0..${outShape[axis] - 1} for the output ${formatShape(outShape)}, got ${value}`);
    }
  });
  return { sample, channel: at.channel, row: at.row, col: at.col };
}

/** Reads x[n, c, h, w] of a CPU tensor. */
export function at4(x: Tensor, n: number, c: number, h: number, w: number): number {
  const [, channels, height, width] = x.shape;
  return x.data[((n * channels + c) * height + h) * width + w];
}

/** Bias value of an output channel: absent bias reads as 0. */
export function biasAt(op: string, bias: ArrayLike<number> | null | undefined, channel: number, channels: number): number {
  if (!bias) return 0;
  if (bias.length !== channels) fail(op, 'bias', `needs ${channels} values (one per output channel), got ${bias.length}`);
  return bias[channel];
}

/** Sums the products in order, in float64: the displayed terms add up to the displayed sum. */
export function sumOf(terms: readonly UnitTerm[]): number {
  let sum = 0;
  for (const t of terms) sum += t.product;
  return sum;
}
