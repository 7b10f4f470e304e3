import { fail, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { assertFinite, checkLayerWeight } from './svd.js';

/** Options of {@link filterRedundancy}. */
export interface RedundancyOptions {
  /** A pair whose (absolute) cosine reaches this is a near duplicate. Default 0.95. */
  threshold?: number;
  /**
   * Compare |cos| (default true), so a filter and its negative count as duplicates: they detect
   * the same edge with opposite sign, and first layers are known to learn such negated pairs
   * (Shang et al., 2016, "Understanding and Improving CNNs via Concatenated ReLUs"), which
   * spends two filters on one feature. Pass false to flag only same-sign duplicates.
   */
  absolute?: boolean;
}

/** Two channels that look like one feature extracted twice. */
export interface RedundantPair {
  /** Channel indices, i < j. */
  i: number;
  j: number;
  /** Signed cosine of the flattened filters. */
  filterSimilarity: number;
  /** Signed cosine of the flattened feature maps; null without maps or when a map is all zero. */
  mapSimilarity: number | null;
  /** Which comparisons reached the threshold. */
  by: ('filter' | 'map')[];
}

/** What {@link filterRedundancy} finds in one layer. */
export interface RedundancyReport {
  channels: number;
  /** C×C row-major signed cosines of the filters; NaN in rows and columns of dead filters. */
  filterSimilarity: Float64Array;
  /** C×C signed cosines of the feature maps (NaN for all-zero maps); null without maps. */
  mapSimilarity: Float64Array | null;
  /** Near-duplicate pairs, most similar first. Pairs with a dead filter are never listed. */
  pairs: RedundantPair[];
  /** Filters whose weights are all zero: no feature at all, reported apart from duplicates. */
  deadFilters: number[];
  /** Channels whose feature map is zero over the whole batch; [] without maps. */
  deadMaps: number[];
}

/**
 * The "receptive field analysis" indicator of saturation, made numeric: first-layer filters
 * that repeatedly extract the same feature. Each filter (one output channel of a conv weight
 * [Cout, Cin, kH, kW], or one row of a linear weight) is flattened and compared with every other
 * by cosine similarity, which ignores scale: a filter and twice that filter find the same feature.
 *
 * With feature maps [N, C, H, W] of the same layer, each channel is also flattened over batch
 * and space and compared, catching filters that differ in weights but respond alike on the data.
 * Pass pre-activation maps: after ReLU every map is non-negative, so all cosines run high.
 *
 * @example
 * const w = tensor([[[[1, 0], [0, -1]]], [[[-1, 0], [0, 1]]], [[[0, 1], [1, 0]]]]); // [3, 1, 2, 2]
 * filterRedundancy(w).pairs; // [{ i: 0, j: 1, filterSimilarity: -1, mapSimilarity: null, by: ['filter'] }]
 */
export function filterRedundancy(
  weight: Tensor,
  featureMaps?: Tensor,
  options: RedundancyOptions = {},
): RedundancyReport {
  const op = 'filterRedundancy';
  const { threshold = 0.95, absolute = true } = options;
  if (!(threshold > 0 && threshold <= 1)) fail(op, 'threshold', `must be in (0, 1], got ${threshold}`);
  checkLayerWeight(op, weight);
  assertFinite(op, 'weight', weight);
  const channels = weight.shape[0];
  const filters = cosineMatrix(weight.data, channels, weight.size / channels);

  let maps: Cosines | null = null;
  if (featureMaps !== undefined) {
    if (featureMaps.rank !== 4 || featureMaps.shape[1] !== channels) {
      fail(op, 'featureMaps', `must be rank 4 [N, ${channels}, H, W] to match weight ${formatShape(weight.shape)}, got shape ${formatShape(featureMaps.shape)}`);
    }
    if (featureMaps.size === 0) fail(op, 'featureMaps', `must not be empty, got shape ${formatShape(featureMaps.shape)}`);
    assertFinite(op, 'featureMaps', featureMaps);
    maps = cosineMatrix(channelMajor(featureMaps), channels, featureMaps.size / channels);
  }

  const reaches = (cos: number) => (absolute ? Math.abs(cos) : cos) >= threshold;
  const pairs: RedundantPair[] = [];
  for (let i = 0; i < channels; i++) {
    if (filters.dead[i]) continue;
    for (let j = i + 1; j < channels; j++) {
      if (filters.dead[j]) continue;
      const filterSimilarity = filters.cosines[i * channels + j];
      const mapCos = maps === null || maps.dead[i] || maps.dead[j] ? null : maps.cosines[i * channels + j];
      const by: RedundantPair['by'] = [];
      if (reaches(filterSimilarity)) by.push('filter');
      if (mapCos !== null && reaches(mapCos)) by.push('map');
      if (by.length > 0) pairs.push({ i, j, filterSimilarity, mapSimilarity: mapCos, by });
    }
  }
  const strength = (p: RedundantPair) => Math.max(Math.abs(p.filterSimilarity), Math.abs(p.mapSimilarity ?? 0));
  // Exact ties keep channel order, so the list does not depend on the sort's stability.
  pairs.sort((a, b) => strength(b) - strength(a) || a.i - b.i || a.j - b.j);

  return {
    channels,
    filterSimilarity: filters.cosines,
    mapSimilarity: maps === null ? null : maps.cosines,
    pairs,
    deadFilters: indicesOf(filters.dead),
    deadMaps: maps === null ? [] : indicesOf(maps.dead),
  };
}

interface Cosines {
  cosines: Float64Array;
  /** Zero-norm rows, whose cosine is undefined. */
  dead: boolean[];
}

/** Signed cosines between the rows of a row-major [rows, length] array, in float64. */
function cosineMatrix(data: Float32Array, rows: number, length: number): Cosines {
  const squaredNorms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) squaredNorms[r] = dot(data, r * length, r * length, length);
  const dead = Array.from(squaredNorms, (sq) => sq === 0);
  const cosines = new Float64Array(rows * rows).fill(NaN);
  for (let i = 0; i < rows; i++) {
    if (dead[i]) continue;
    cosines[i * rows + i] = 1;
    for (let j = i + 1; j < rows; j++) {
      if (dead[j]) continue;
      // One square root of the product keeps parallel integer-valued filters at exactly ±1 more
      // often than two; rounding can still push |cos| a hair past 1, hence the clamp.
      const cosine = dot(data, i * length, j * length, length) / Math.sqrt(squaredNorms[i] * squaredNorms[j]);
      const cos = Math.max(-1, Math.min(1, cosine));
      cosines[i * rows + j] = cos;
      cosines[j * rows + i] = cos;
    }
  }
  return { cosines, dead };
}

function dot(data: Float32Array, a: number, b: number, length: number): number {
  let sum = 0;
  for (let k = 0; k < length; k++) sum += data[a + k] * data[b + k];
  return sum;
}

/** [N, C, H, W] → [C, N·H·W], so each channel over the whole batch is one contiguous row. */
function channelMajor(maps: Tensor): Float32Array {
  const [batch, channels, height, width] = maps.shape;
  const plane = height * width;
  const out = new Float32Array(maps.size);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      out.set(maps.data.subarray((n * channels + c) * plane, (n * channels + c + 1) * plane), (c * batch + n) * plane);
    }
  }
  return out;
}

function indicesOf(flags: boolean[]): number[] {
  return flags.flatMap((flag, i) => (flag ? [i] : []));
}
