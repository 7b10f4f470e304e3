import { computePool2dInfo, type Pool2dOptions } from '../pool-info.js';
import { fail, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { at4, checkPosition, sumOf, type AverageUnit, type MaxUnit, type UnitPosition, type UnitTerm } from './unit-terms.js';

/** The window's taps of one pooling output unit; padded taps read `padValue`. Geometry from core's `computePool2dInfo`. */
function windowTerms(op: string, x: Tensor, options: Pool2dOptions, at: UnitPosition, padValue: number) {
  const info = computePool2dInfo(op, x.shape, options);
  const p = checkPosition(op, at, [info.batch, info.channels, info.outHeight, info.outWidth]);
  const terms: UnitTerm[] = [];
  const row0 = p.row * info.strideHeight - info.padHeight;
  const col0 = p.col * info.strideWidth - info.padWidth;
  for (let m = 0; m < info.kernelHeight; m++) {
    const row = row0 + m * info.dilationHeight;
    for (let n = 0; n < info.kernelWidth; n++) {
      const col = col0 + n * info.dilationWidth;
      const inside = row >= 0 && row < info.inHeight && col >= 0 && col < info.inWidth;
      const input = inside ? at4(x, p.sample, p.channel, row, col) : padValue;
      terms.push({ channel: p.channel, row, col, source: inside ? 'input' : 'padding', gridRow: row + info.padHeight, gridCol: col + info.padWidth, kernelRow: m, kernelCol: n, input, weight: 1, product: input });
    }
  }
  return { info, terms, row0, col0 };
}

/**
 * One max-pooling output unit: its window (padding reads -Infinity) and the winner, the first
 * maximum in row-major order as PyTorch picks it (a NaN always wins, so NaN propagates).
 *
 * @example
 * const unit = maxPoolUnit(x, { kernelSize: 2 }, { channel: 0, row: 0, col: 0 });
 * unit.terms[unit.winner].input === unit.value; // true
 */
export function maxPoolUnit(x: Tensor, options: Pool2dOptions, at: UnitPosition): MaxUnit {
  const { terms } = windowTerms('maxPoolUnit', x, options, at, -Infinity);
  let winner = -1;
  terms.forEach((t, i) => {
    if (t.source !== 'input') return;
    if (winner < 0 || t.input > terms[winner].input || Number.isNaN(t.input)) winner = i;
  });
  return { kind: 'max', op: 'maxPool2d', terms, winner, value: winner < 0 ? -Infinity : terms[winner].input };
}

/**
 * One average-pooling output unit: the window's sum and PyTorch's divisor. With count_include_pad
 * the divisor counts padded taps, but a ceil-mode window is cut at the right/bottom padding;
 * without it only real input cells count.
 *
 * @example
 * avgPoolUnit(x, { kernelSize: 3, padding: 1, countIncludePad: false }, { channel: 0, row: 0, col: 0 }).divisor; // 4
 */
export function avgPoolUnit(x: Tensor, options: Pool2dOptions, at: UnitPosition): AverageUnit {
  const { info, terms, row0, col0 } = windowTerms('avgPoolUnit', x, options, at, 0);
  const span = (start: number, kernel: number, size: number, pad: number) => Math.min(start + kernel, size + pad) - start;
  const real = (start: number, kernel: number, size: number) => Math.min(start + kernel, size) - Math.max(start, 0);
  const divisor = info.countIncludePad
    ? span(row0, info.kernelHeight, info.inHeight, info.padHeight) * span(col0, info.kernelWidth, info.inWidth, info.padWidth)
    : real(row0, info.kernelHeight, info.inHeight) * real(col0, info.kernelWidth, info.inWidth);
  // A ceil-mode window past the right padding still lists its taps; those beyond `size + pad` are not counted.
  const sum = sumOf(terms);
  return { kind: 'average', op: 'avgPool2d', terms, sum, divisor, countIncludePad: info.countIncludePad, value: sum / divisor };
}

/**
 * One global-average-pooling output unit: the mean of its whole input channel.
 *
 * @example
 * globalAvgPoolUnit(x, { channel: 2, row: 0, col: 0 }).divisor; // H * W
 */
export function globalAvgPoolUnit(x: Tensor, at: UnitPosition): AverageUnit {
  if (x.rank !== 4) fail('globalAvgPoolUnit', 'input', `must be rank 4 (N,C,H,W), got shape ${formatShape(x.shape)}`);
  const [batch, channels, height, width] = x.shape;
  const p = checkPosition('globalAvgPoolUnit', at, [batch, channels, 1, 1]);
  const terms: UnitTerm[] = [];
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const input = at4(x, p.sample, p.channel, row, col);
      terms.push({ channel: p.channel, row, col, source: 'input', gridRow: row, gridCol: col, kernelRow: row, kernelCol: col, input, weight: 1, product: input });
    }
  }
  const sum = sumOf(terms);
  return { kind: 'average', op: 'globalAvgPool2d', terms, sum, divisor: height * width, countIncludePad: true, value: sum / (height * width) };
}
