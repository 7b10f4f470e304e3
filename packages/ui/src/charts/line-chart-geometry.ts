/** A linear map from a data interval onto a pixel interval. */
export type Scale = (value: number) => number;

/**
 * A linear scale; a zero-width domain maps everything to the middle of the range.
 *
 * @example
 * linearScale([0, 10], [0, 100])(2.5); // 25
 */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  const span = d1 - d0;
  if (span === 0) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
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
 * An SVG path through (x(i), y(value)); a non-finite value breaks the line (as a diverged epoch
 * would), so no segment is drawn to or from it.
 *
 * @example
 * linePath([1, NaN, 3, 4], (i) => i * 10, (v) => v); // 'M0,1M20,3L30,4'
 */
export function linePath(values: readonly number[], x: (index: number) => number, y: Scale): string {
  let path = '';
  let pen = false;
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${round(x(i))},${round(y(v))}`;
    pen = true;
  });
  return path;
}

// Two decimals of a pixel are invisible and keep the path string short.
const round = (v: number) => Math.round(v * 100) / 100;
