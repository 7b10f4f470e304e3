import { detectPlateau } from '../analysis/plateau.js';
import type { EpochMetrics } from '../nn/train.js';

/** What aggregation needs of one finished run. */
export interface RunOutcome {
  variantId: string;
  seed: number;
  history: EpochMetrics[];
  /** Accuracy and loss on the held-out test set, when the run finished. */
  test?: { loss: number; accuracy: number; meanIoU?: number };
}

/** Mean and spread of one number over a variant's seeds. */
export interface Spread {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 for one seed, where it is unknown, see `n`. */
  std: number;
  min: number;
  max: number;
  /** Standard error of the mean, std / sqrt(n); 0 for one seed. */
  sem: number;
}

/** One variant over its seeds. */
export interface VariantSummary {
  variantId: string;
  /** Test accuracy (or the last validation accuracy when a run has no test score). */
  accuracy: Spread;
  loss: Spread;
  /** Segmentation runs: mean IoU of the test class maps, when every run of the variant has one. */
  meanIoU?: Spread;
  /** Per epoch, the mean over seeds of the validation accuracy (training accuracy when there is no validation). */
  meanCurve: number[];
  /** Per epoch, the mean validation loss (training loss when there is none). */
  meanLossCurve: number[];
  /** 1-based epoch where the mean loss curve stopped improving, or null (not plateaued, or too short to tell). */
  plateauEpoch: number | null;
}

/**
 * Mean, spread and standard error of numbers.
 *
 * @example
 * spreadOf([0.9, 0.92]).mean; // 0.91
 */
export function spreadOf(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) return { n: 0, mean: Number.NaN, std: 0, min: Number.NaN, max: Number.NaN, sem: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, std, min: Math.min(...values), max: Math.max(...values), sem: n > 1 ? std / Math.sqrt(n) : 0 };
}

const finalAccuracy = (r: RunOutcome) => r.test?.accuracy ?? lastOf(r.history, (m) => m.validationAccuracy ?? m.trainAccuracy);
const finalLoss = (r: RunOutcome) => r.test?.loss ?? lastOf(r.history, (m) => m.validationLoss ?? m.trainLoss);

function lastOf(history: EpochMetrics[], pick: (m: EpochMetrics) => number): number {
  return history.length ? pick(history[history.length - 1]) : Number.NaN;
}

function meanPerEpoch(runs: RunOutcome[], pick: (m: EpochMetrics) => number): number[] {
  const epochs = Math.min(...runs.map((r) => r.history.length));
  return Array.from({ length: Number.isFinite(epochs) ? epochs : 0 }, (_, e) => runs.reduce((sum, r) => sum + pick(r.history[e]), 0) / runs.length);
}

/**
 * The epoch (1-based) where a curve stopped improving by 0.5 % relative, judged with a window
 * of a third of its length (1 to 5 epochs): the plateau mark on a learning curve. Null when the
 * curve still improves or is too short (under 3 epochs) to tell.
 *
 * @example
 * plateauEpoch([1.0, 0.5, 0.3, 0.3, 0.301, 0.299], 'min'); // 3
 */
export function plateauEpoch(curve: readonly number[], mode: 'min' | 'max'): number | null {
  if (curve.length < 3 || curve.some((v) => !Number.isFinite(v))) return null;
  const window = Math.max(1, Math.min(5, Math.floor(curve.length / 3)));
  const report = detectPlateau(curve, { window, minRelativeImprovement: 0.005, mode });
  return report.plateaued && report.sinceEpoch !== null ? report.sinceEpoch + 1 : null;
}

/**
 * Groups finished runs by variant: accuracy and loss as mean and spread over seeds, mean learning
 * curves and their plateau epoch. Runs without a single epoch are left out.
 *
 * @example
 * const summaries = summarizeRuns(runs); // one per variant that has a finished run
 */
export function summarizeRuns(runs: readonly RunOutcome[]): VariantSummary[] {
  const groups = new Map<string, RunOutcome[]>();
  for (const run of runs) {
    if (!run.history.length) continue;
    const list = groups.get(run.variantId) ?? [];
    list.push(run);
    groups.set(run.variantId, list);
  }
  return [...groups].map(([variantId, list]) => {
    const meanLossCurve = meanPerEpoch(list, (m) => m.validationLoss ?? m.trainLoss);
    const ious = list.map((r) => r.test?.meanIoU);
    return {
      variantId,
      ...(ious.every((v) => typeof v === 'number') ? { meanIoU: spreadOf(ious as number[]) } : {}),
      accuracy: spreadOf(list.map(finalAccuracy)),
      loss: spreadOf(list.map(finalLoss)),
      meanCurve: meanPerEpoch(list, (m) => m.validationAccuracy ?? m.trainAccuracy),
      meanLossCurve,
      plateauEpoch: plateauEpoch(meanLossCurve, 'min'),
    };
  });
}
