/** A closed value range mapped onto a colormap. `min === max` marks a constant map. */
export interface ValueRange {
  min: number;
  max: number;
}

/** Per-map scaling stretches every channel over the whole colormap; per-layer shares one range so channels compare. */
export type Scaling = 'per-map' | 'per-layer';

/**
 * The min and max of `data[start..end)`, ignoring NaN and infinities; null when no value is finite.
 *
 * @example
 * finiteRange(Float32Array.of(3, NaN, -1), 0, 3); // { min: -1, max: 3 }
 */
export function finiteRange(data: ArrayLike<number>, start = 0, end = data.length): ValueRange | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = start; i < end; i++) {
    const v = data[i];
    // NaN fails both comparisons; infinities are excluded so one overflow does not flatten the map.
    if (v < min && v !== -Infinity) min = v;
    if (v > max && v !== Infinity) max = v;
  }
  return min <= max ? { min, max } : null;
}

/**
 * A range centred on zero that contains `range`, so a diverging map puts 0 at its neutral middle.
 *
 * @example
 * symmetricRange({ min: -1, max: 3 }); // { min: -3, max: 3 }
 */
export function symmetricRange(range: ValueRange): ValueRange {
  const m = Math.max(Math.abs(range.min), Math.abs(range.max));
  return { min: -m, max: m };
}

/** Options of {@link channelRanges}. */
export interface RangeOptions {
  scaling: Scaling;
  /** Centre each range on zero (used with the diverging colormap). */
  symmetric: boolean;
}

/**
 * One range per map of `count` consecutive maps of `mapSize` values each. A map (or layer) with no
 * finite value gets { min: 0, max: 0 }.
 *
 * @example
 * channelRanges(Float32Array.of(0, 1, 0, 4), 2, 2, { scaling: 'per-layer', symmetric: false });
 * // [{ min: 0, max: 4 }, { min: 0, max: 4 }]
 */
export function channelRanges(data: ArrayLike<number>, count: number, mapSize: number, options: RangeOptions): ValueRange[] {
  const finish = (range: ValueRange | null): ValueRange => {
    const r = range ?? { min: 0, max: 0 };
    return options.symmetric ? symmetricRange(r) : r;
  };
  if (options.scaling === 'per-layer') {
    const layer = finish(finiteRange(data, 0, count * mapSize));
    return Array.from({ length: count }, () => layer);
  }
  return Array.from({ length: count }, (_, c) => finish(finiteRange(data, c * mapSize, (c + 1) * mapSize)));
}

/**
 * A value's position in [0, 1] within a range (clamped). A constant range maps to 0.5, the middle
 * of the colormap, rather than dividing by zero: a flat map then reads as "no contrast", and an
 * all-zero map is neutral in the diverging map. NaN stays NaN.
 *
 * @example
 * unitPosition(2, { min: 0, max: 4 }); // 0.5
 * unitPosition(7, { min: 7, max: 7 }); // 0.5
 */
export function unitPosition(value: number, range: ValueRange): number {
  if (Number.isNaN(value)) return NaN;
  const span = range.max - range.min;
  if (!(span > 0)) return 0.5;
  return Math.min(1, Math.max(0, (value - range.min) / span));
}

/**
 * Whether data holds both negative and positive values, the case for a diverging colormap.
 *
 * @example
 * isSigned(Float32Array.of(-1, 2)); // true
 */
export function isSigned(data: ArrayLike<number>): boolean {
  let negative = false;
  let positive = false;
  for (let i = 0; i < data.length && !(negative && positive); i++) {
    if (data[i] < 0) negative = true;
    else if (data[i] > 0) positive = true;
  }
  return negative && positive;
}
