import type { Spread, VariantSummary } from './aggregate.js';
import type { ValidVariant } from './variants.js';

/** One value of one axis with what its runs scored. */
export interface AxisPoint {
  value: number;
  variantId: string;
  label: string;
  accuracy: Spread;
  params: number;
  macs: number;
  /** Mean dead-ReLU fraction of the final snapshot, when indicators were recorded. */
  deadFraction?: number;
}

/** The smallest difference in accuracy that counts as real, whatever the noise: 0.5 percentage points. */
export const MIN_EFFECT = 0.005;

// Two-sided 95 % quantiles of Student's t by degrees of freedom (1..10, then 12, 15, 20, 30).
const T_975: [number, number][] = [[1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [6, 2.447], [7, 2.365], [8, 2.306], [9, 2.262], [10, 2.228], [12, 2.179], [15, 2.131], [20, 2.086], [30, 2.042]];

/** t_{0.975} for `df` degrees of freedom (the table's next lower entry; 1.96 past 30). */
export function tQuantile975(df: number): number {
  if (df > 30) return 1.96;
  let t = T_975[0][1];
  for (const [d, value] of T_975) if (df >= d) t = value;
  return t;
}

/**
 * How far apart two accuracies must be to count as different: the half-width of a 95 % interval
 * of their difference, t(n_a + n_b - 2) times its standard error (with two seeds a side the
 * spread is barely known, and t = 4.3 says so), and never less than {@link MIN_EFFECT}. With one
 * seed the spread is unknown and only MIN_EFFECT applies.
 */
export function noiseBand(a: Spread, b: Spread): number {
  const se = Math.sqrt(a.sem ** 2 + b.sem ** 2);
  return se > 0 ? Math.max(MIN_EFFECT, tQuantile975(Math.max(1, a.n + b.n - 2)) * se) : MIN_EFFECT;
}

/**
 * The points of one axis, by increasing value: every valid variant whose settings give the axis a
 * number and that has finished runs. In a one-at-a-time sweep the base counts at its own value
 * (see ValidVariant.sameAs) and variants that set another axis are left out.
 */
export function axisPoints(axis: string, variants: readonly ValidVariant[], summaries: readonly VariantSummary[], dead?: ReadonlyMap<string, number>): AxisPoint[] {
  const byId = new Map(summaries.map((s) => [s.variantId, s]));
  const points: AxisPoint[] = [];
  for (const v of variants) {
    const value = v.settings[axis];
    const summary = byId.get(v.id);
    if (typeof value !== 'number' || !summary) continue;
    const point: AxisPoint = { value, variantId: v.id, label: v.label, accuracy: summary.accuracy, params: v.params, macs: v.macs };
    const d = dead?.get(v.id);
    if (d !== undefined) point.deadFraction = d;
    points.push(point);
  }
  return points.sort((a, b) => a.value - b.value);
}

/** Where an axis stops paying: the best point, and the smallest value within noise of it. */
export interface SaturationPoint {
  best: AxisPoint;
  /** The smallest value whose accuracy is within the noise band of the best. */
  enough: AxisPoint;
  /** The band used between `enough` and `best`. */
  band: number;
}

/**
 * The saturation point of an axis: past `enough`, larger values gain less than the noise band.
 * Null without points.
 *
 * @example
 * const s = saturationPoint(points); // s.enough.value === 2: two dense layers are enough
 */
export function saturationPoint(points: readonly AxisPoint[]): SaturationPoint | null {
  if (!points.length) return null;
  const best = points.reduce((a, b) => (b.accuracy.mean > a.accuracy.mean ? b : a));
  const enough = points.find((p) => p.accuracy.mean >= best.accuracy.mean - noiseBand(p.accuracy, best.accuracy)) ?? best;
  return { best, enough, band: noiseBand(enough.accuracy, best.accuracy) };
}

/** `97.12%` */
export const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
/** `0.35 pp` */
export const pp = (x: number) => `${(100 * x).toFixed(2)} pp`;
/** `97.12% ± 0.20` (mean ± standard deviation over seeds; just the mean for one seed). */
export const withSpread = (s: Spread) => (s.n > 1 ? `${pct(s.mean)} ± ${(100 * s.std).toFixed(2)}` : pct(s.mean));
