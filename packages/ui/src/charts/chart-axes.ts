/** An axis as the chart library takes it: the interval shown and the ticks labelled. */
export interface AxisSpec {
  domain: [number, number];
  ticks: number[];
}

/**
 * The finite min and max over every series; [0, 1] when nothing is finite (an empty chart still
 * gets axes), and a padded interval around a single value.
 *
 * @example
 * valueExtent([[0.9, 0.5], [NaN, 0.7]]); // [0.5, 0.9]
 */
export function valueExtent(series: readonly (readonly number[])[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const values of series) {
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min > max) return [0, 1];
  if (min === max) return [min - (Math.abs(min) || 1) * 0.5, max + (Math.abs(max) || 1) * 0.5];
  return [min, max];
}

/**
 * About `count` evenly spaced round tick values (steps of 1, 2 or 5 times a power of ten) that
 * cover [min, max]; the first and last ticks enclose the data.
 *
 * @example
 * niceTicks(0.03, 0.97, 5); // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return Number.isFinite(min) ? [min] : [];
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const start = Math.floor(min / step);
  const end = Math.ceil(max / step);
  // Multiplying integers by the step (rather than adding steps) keeps 0.1 + 0.2 noise out of the labels.
  return Array.from({ length: end - start + 1 }, (_, i) => Number(((start + i) * step).toPrecision(12)));
}

/**
 * A value axis: round ticks enclosing the data, or exactly `fixed` (accuracy in [0, 1]) with
 * round ticks inside it.
 *
 * @example
 * valueAxis([[2.31, 0.42]]);          // { domain: [0, 2.5], ticks: [0, 0.5, 1, 1.5, 2, 2.5] }
 * valueAxis([[0.8]], [0, 1]).ticks;   // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function valueAxis(series: readonly (readonly number[])[], fixed?: readonly [number, number], count = 5): AxisSpec {
  if (fixed) return { domain: [fixed[0], fixed[1]], ticks: niceTicks(fixed[0], fixed[1], count).filter((t) => t >= fixed[0] && t <= fixed[1]) };
  const [lo, hi] = valueExtent(series);
  const ticks = niceTicks(lo, hi, count);
  return { domain: [ticks[0] ?? lo, ticks[ticks.length - 1] ?? hi], ticks };
}

/**
 * An axis of whole steps (epochs) for `length` points from `start`. A single point gets half a
 * step of room on each side, so it is drawn in the middle of the plot with one labelled tick
 * rather than on a zero-width axis.
 *
 * @example
 * stepAxis(1, 1); // { domain: [0.5, 1.5], ticks: [1] }
 * stepAxis(1, 3); // { domain: [1, 3], ticks: [1, 2, 3] }
 */
export function stepAxis(start: number, length: number, count = 6): AxisSpec {
  if (length <= 1) return { domain: [start - 0.5, start + 0.5], ticks: [start] };
  const end = start + length - 1;
  const ticks = niceTicks(start, end, count).filter((t) => t >= start && t <= end && Number.isInteger(t));
  return { domain: [start, end], ticks };
}

/** One row per x for the chart library: `x`, then each series' value under `s0`, `s1`, … (null where not finite, so the line breaks). */
export type ChartRow = { x: number } & Record<string, number | null>;

/**
 * Series of values as rows keyed by x, the shape the chart library plots; a non-finite value
 * (a diverged epoch, a missing validation split) becomes null, which breaks the line there.
 *
 * @example
 * chartRows([[2, 1], [NaN, 1.5]], 1); // [{ x: 1, s0: 2, s1: null }, { x: 2, s0: 1, s1: 1.5 }]
 */
export function chartRows(series: readonly (readonly number[])[], start: number): ChartRow[] {
  const length = Math.max(0, ...series.map((s) => s.length));
  return Array.from({ length }, (_, i) => {
    const row: ChartRow = { x: start + i } as ChartRow;
    series.forEach((values, s) => {
      const v = values[i];
      row[`s${s}`] = v !== undefined && Number.isFinite(v) ? v : null;
    });
    return row;
  });
}

/**
 * Whether the point at `index` has no finite neighbour, so no line segment reaches it and only
 * a dot can show it (a one-epoch run, or an epoch between two diverged ones).
 *
 * @example
 * isolatedPoint([0.5], 0);          // true
 * isolatedPoint([0.5, NaN, 1], 2);  // true
 * isolatedPoint([0.5, 0.7], 0);     // false
 */
export function isolatedPoint(values: readonly number[], index: number): boolean {
  if (!Number.isFinite(values[index])) return false;
  return !Number.isFinite(values[index - 1] ?? NaN) && !Number.isFinite(values[index + 1] ?? NaN);
}
