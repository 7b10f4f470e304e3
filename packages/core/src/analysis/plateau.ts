import { fail } from '../errors.js';

/** Options of {@link detectPlateau}. */
export interface PlateauOptions {
  /** How many recent epochs must fail to improve. Default 5. */
  window?: number;
  /** The relative gain over the earlier best that still counts as progress. Default 0.01 (1 %). */
  minRelativeImprovement?: number;
  /** 'min' for a loss (lower is better, the default), 'max' for an accuracy. */
  mode?: 'min' | 'max';
}

/** The verdict of {@link detectPlateau}. */
export interface PlateauReport {
  plateaued: boolean;
  /**
   * When plateaued, the 0-based index into `history` where the plateau began: the first epoch
   * e whose best-so-far no later epoch beat by `minRelativeImprovement`. Null otherwise.
   */
  sinceEpoch: number | null;
  /** The best value of the whole history (lowest loss / highest accuracy); null if empty. */
  bestValue: number | null;
  /**
   * Relative gain of the last `window` epochs' best over the best before them (positive =
   * better); null when the history is too short to compare.
   */
  improvement: number | null;
  /** One sentence explaining the verdict, for the UI. */
  reason: string;
}

/**
 * The first empirical indicator of saturation: the training or validation curve has stopped
 * improving. Plateaued when the best value of the last `window` epochs beats the best of all
 * epochs before them by less than `minRelativeImprovement` (relative to |best before|; when that
 * best is exactly 0 the plain difference is used, since a ratio to 0 means nothing).
 *
 * Comparing bests, not last values, keeps one noisy epoch from ending or starting a plateau.
 * A history of at most `window` values has nothing "before" to compare with: the result is
 * `plateaued: false` with a reason, not an error, because a pipeline calls this from epoch 1.
 *
 * @example
 * detectPlateau([2.0, 1.2, 0.8, 0.6, 0.6, 0.601, 0.6, 0.599, 0.6], { window: 5 });
 * // { plateaued: true, sinceEpoch: 3, bestValue: 0.599, improvement: 0.00167, reason: '…' }
 */
export function detectPlateau(history: readonly number[], options: PlateauOptions = {}): PlateauReport {
  const op = 'detectPlateau';
  const { window = 5, minRelativeImprovement = 0.01, mode = 'min' } = options;
  if (!Number.isSafeInteger(window) || window < 1) fail(op, 'window', `must be a positive integer, got ${window}`);
  if (!(minRelativeImprovement >= 0 && Number.isFinite(minRelativeImprovement))) {
    fail(op, 'minRelativeImprovement', `must be a finite number ≥ 0, got ${minRelativeImprovement}`);
  }
  if (mode !== 'min' && mode !== 'max') fail(op, 'mode', `must be 'min' or 'max', got ${String(mode)}`);
  const bad = history.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) fail(op, 'history', `must be finite, got ${history[bad]} at epoch index ${bad} of ${history.length}`);

  const better = (a: number, b: number) => (mode === 'min' ? Math.min(a, b) : Math.max(a, b));
  const n = history.length;
  const bestValue = n === 0 ? null : history.reduce(better);
  if (n <= window) {
    return {
      plateaued: false,
      sinceEpoch: null,
      bestValue,
      improvement: null,
      reason: `not enough data: need more than window = ${window} epochs to compare, got ${n}`,
    };
  }

  // prefix[e] = best of history[0..e], suffix[e] = best of history[e..n-1].
  const prefix = new Float64Array(n);
  const suffix = new Float64Array(n);
  prefix[0] = history[0];
  for (let e = 1; e < n; e++) prefix[e] = better(prefix[e - 1], history[e]);
  suffix[n - 1] = history[n - 1];
  for (let e = n - 2; e >= 0; e--) suffix[e] = better(suffix[e + 1], history[e]);

  const gain = (before: number, after: number) => relativeGain(before, after, mode);
  const improvement = gain(prefix[n - window - 1], suffix[n - window]);
  const plateaued = improvement < minRelativeImprovement;
  if (!plateaued) {
    return {
      plateaued,
      sinceEpoch: null,
      bestValue,
      improvement,
      reason: `improved by ${pct(improvement)} over the last ${window} epochs (≥ ${pct(minRelativeImprovement)})`,
    };
  }
  // gain(prefix[e], suffix[e+1]) never grows with e (the past only gets better, the future only
  // shorter), so the first e under the bar starts the plateau, and it is at most n - window - 1.
  let since = 0;
  while (gain(prefix[since], suffix[since + 1]) >= minRelativeImprovement) since++;
  return {
    plateaued,
    sinceEpoch: since,
    bestValue,
    improvement,
    reason:
      `improved by only ${pct(improvement)} over the last ${window} epochs (< ${pct(minRelativeImprovement)}); ` +
      `no epoch after index ${since} beat its best by ${pct(minRelativeImprovement)}`,
  };
}

/** Gain of `after` over `before`, positive when better; relative unless `before` is 0. */
function relativeGain(before: number, after: number, mode: 'min' | 'max'): number {
  const delta = mode === 'min' ? before - after : after - before;
  return before === 0 ? delta : delta / Math.abs(before);
}

function pct(value: number): string {
  return `${Number((value * 100).toPrecision(3))} %`;
}
