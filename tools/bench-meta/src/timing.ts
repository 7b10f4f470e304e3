/**
 * Timing of one call: warm-up, then the median of batched samples within a time budget.
 * Knobs (environment): BENCH_BUDGET_MS (time per measurement, default 1000),
 * BENCH_CAP_MS (most time one measurement may take, default 10000).
 */
import { performance } from 'node:perf_hooks';

export const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 1000);
export const CAP_MS = Number(process.env.BENCH_CAP_MS ?? 10_000);
/** A sample batches enough calls to last at least this long, so timer and loop overhead vanish. */
const MIN_SAMPLE_MS = 5;
/** Calls slower than this are not warmed up separately: their first call is a sample too. */
export const SLOW_MS = 2000;
export const MIN_SAMPLES = 3;

export interface Timing {
  /** Median time of one call. */
  ms: number;
  /** Calls timed (warm-up excluded unless `cold`). */
  calls: number;
  /** The first call (the one whose result was checked) was counted, because one call takes more than SLOW_MS. */
  cold: boolean;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Warms up, then takes samples of `inner` calls until BUDGET_MS is spent and at least MIN_SAMPLES
 * samples are taken, never starting a sample that would pass CAP_MS. Very slow calls (over SLOW_MS)
 * count their first call as a sample and get as many more as fit in CAP_MS, up to MIN_SAMPLES.
 * `firstMs`: the time of a first call already made (the one whose result was checked).
 */
export async function measure(fn: () => unknown, firstMs?: number): Promise<Timing> {
  let t = performance.now();
  if (firstMs === undefined) await fn();
  const first = firstMs ?? performance.now() - t;
  if (first > SLOW_MS) {
    const samples = [first];
    let spent = first;
    while (samples.length < MIN_SAMPLES && spent + median(samples) <= CAP_MS) {
      t = performance.now();
      await fn();
      const d = performance.now() - t;
      samples.push(d);
      spent += d;
    }
    return { ms: median(samples), calls: samples.length, cold: true };
  }
  // A second warm-up call: the first one often pays for JIT compilation or buffer allocation.
  t = performance.now();
  await fn();
  const second = performance.now() - t;
  const inner = Math.max(1, Math.ceil(MIN_SAMPLE_MS / Math.max(second, 1e-3)));
  const samples: number[] = [];
  let spent = 0;
  while (samples.length < MIN_SAMPLES || spent < BUDGET_MS) {
    if (samples.length >= MIN_SAMPLES && spent + median(samples) * inner > CAP_MS) break;
    t = performance.now();
    for (let i = 0; i < inner; i++) await fn();
    const d = performance.now() - t;
    samples.push(d / inner);
    spent += d;
  }
  return { ms: median(samples), calls: samples.length * inner, cold: false };
}
