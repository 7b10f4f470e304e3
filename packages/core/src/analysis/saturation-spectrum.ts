import { fail } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { assertFinite, checkLayerWeight, singularValues, weightMatrix } from './svd.js';

/** Options of {@link spectrumReport}. */
export interface SpectrumOptions {
  /** σ below `smallRatio·σmax` counts as near zero (an ignored direction). Default 1e-3. */
  smallRatio?: number;
  /** σ above this counts as a large gain (an amplified direction). Default 10. */
  largeValue?: number;
  /** Passed to {@link singularValues}: the largest min(m, n) accepted. */
  maxSide?: number;
}

/** Singular values past one of the report's thresholds. */
export interface SpectrumBand {
  /** The threshold used, in the units of σ. */
  threshold: number;
  count: number;
  /** Positions in `singularValues` (descending order). */
  indices: number[];
}

/** What {@link spectrumReport} finds in one layer's weight. */
export interface SpectrumReport {
  /** Shape of the matrix analysed: [Cout, Cin·kH·kW] for a conv, [out, in] for a linear layer. */
  matrixShape: [number, number];
  /** Descending, min(m, n) values. */
  singularValues: Float64Array;
  max: number;
  min: number;
  /**
   * σmax/σmin; Infinity when σmin is 0. An exactly singular matrix may still show a large finite
   * value (~1e7..1e8): {@link singularValues} resolves σ only down to ~1e-8·σmax, so read `rank`.
   */
  conditionNumber: number;
  /** Count of σ ≥ smallRatio·σmax (and > 0): the directions the layer actually uses. */
  rank: number;
  /** σ < smallRatio·σmax, or every σ when the weight is all zero. */
  nearZero: SpectrumBand;
  /** σ > largeValue. */
  large: SpectrumBand;
  /** One sentence per finding, tying it to the saturation indicators; empty when none. */
  flags: string[];
}

/**
 * The "theoretical indicators" of saturation for one layer, read from its weight's singular
 * values. The source document speaks of eigenvalues of W; for a non-square W (every conv weight
 * as a matrix) only singular values exist, and they are what the document's argument needs:
 * σ is the gain ‖Wx‖/‖x‖ along a direction x, and for a symmetric W they are the |λ|.
 *
 * - Small σ (relative to σmax): low effective rank, the layer ignores some input directions.
 *   Relative, because scaling a whole layer (weight decay, initialisation) changes no direction.
 * - Large σ (absolute): the layer multiplies some inputs by more than `largeValue`, and
 *   backpropagation multiplies gradients by the same σ. Absolute, because the gain compounds
 *   across layers whatever the other σ are.
 *
 * Thresholds below ~1e-7 for `smallRatio` are under the precision floor of
 * {@link singularValues} (float32 weights, Gram method) and would flag rounding noise.
 *
 * @example
 * const report = spectrumReport(randn([64, 3, 3, 3], { seed: 1, std: 0.1 }));
 * report.matrixShape; // [64, 27]
 * report.rank;        // 27: a 27-wide matrix has at most 27 directions
 * report.flags;       // [] — healthy; a near-singular weight would list the ignored directions
 */
export function spectrumReport(weight: Tensor, options: SpectrumOptions = {}): SpectrumReport {
  const op = 'spectrumReport';
  const { smallRatio = 1e-3, largeValue = 10, maxSide } = options;
  if (!(smallRatio > 0 && smallRatio < 1)) fail(op, 'smallRatio', `must be in (0, 1), got ${smallRatio}`);
  if (!(largeValue > 0 && Number.isFinite(largeValue))) {
    fail(op, 'largeValue', `must be a positive finite number, got ${largeValue}`);
  }
  checkLayerWeight(op, weight);
  assertFinite(op, 'weight', weight);
  const matrix = weightMatrix(weight);
  const sigma = singularValues(matrix, maxSide === undefined ? {} : { maxSide });
  const k = sigma.length;
  const max = sigma[0];
  const min = sigma[k - 1];
  const smallThreshold = smallRatio * max;
  const nearZero = band(sigma, smallThreshold, (s) => s < smallThreshold || s === 0);
  const large = band(sigma, largeValue, (s) => s > largeValue);
  const rank = k - nearZero.count;

  const flags: string[] = [];
  if (max === 0) {
    flags.push(`the weight is all zero: the layer passes no input direction at all (rank 0 of ${k})`);
  } else if (nearZero.count > 0) {
    flags.push(
      `${nearZero.count} of ${k} singular values are below ${smallRatio}·σmax = ${fmt(smallThreshold)} ` +
        `(effective rank ${rank} of ${k}): the layer is not using all degrees of freedom: ` +
        'some input directions are ignored',
    );
  }
  if (large.count > 0) {
    flags.push(
      `${large.count} of ${k} singular values exceed ${largeValue} (σmax = ${fmt(max)}): the layer ` +
        'amplifies inputs along some directions: gradient instability / redundancy',
    );
  }
  return {
    matrixShape: [matrix.shape[0], matrix.shape[1]],
    singularValues: sigma,
    max,
    min,
    conditionNumber: min === 0 ? Infinity : max / min,
    rank,
    nearZero,
    large,
    flags,
  };
}

function band(sigma: Float64Array, threshold: number, inBand: (s: number) => boolean): SpectrumBand {
  const indices: number[] = [];
  sigma.forEach((s, i) => {
    if (inBand(s)) indices.push(i);
  });
  return { threshold, count: indices.length, indices };
}

function fmt(value: number): string {
  return Number(value.toPrecision(4)).toString();
}
