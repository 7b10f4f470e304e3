/**
 * Timing of GPU work: every sample enqueues a batch of calls and then waits for the queue, so a
 * call's time includes its GPU work, not only its submission. The implementations of one case
 * are sampled in turns (ours, tfjs, ORT, ours, ...), so load from other jobs on a shared machine
 * falls on all of them alike.
 *
 * Knobs (environment): BENCH_BUDGET_MS (time per case, all implementations together, default
 * 1500), BENCH_CAP_MS (most time one case may take, default 15000), BENCH_MIN_ROUNDS (default 3).
 */
import { performance } from 'node:perf_hooks';

import { median } from '@convstudio/bench-meta/timing';
import type { GpuRun, Timing } from './types.ts';

export const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 1500);
export const CAP_MS = Number(process.env.BENCH_CAP_MS ?? 15_000);
export const MIN_ROUNDS = Number(process.env.BENCH_MIN_ROUNDS ?? 3);
/** A sample batches calls until it lasts this long, so submission and sync overhead fade. */
export const MIN_SAMPLE_MS = 50;

async function batch(r: GpuRun, calls: number): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < calls; i++) await r.run();
  await r.sync();
  return performance.now() - t;
}

/** A call slower than this gets no extra warm-up: its checked first call compiled the pipelines. */
export const SLOW_MS = 2000;

/**
 * Warms every run up (the checked call before this compiled the pipelines; one more settles
 * the pools), then takes rounds of one sample per run until the budget is spent and MIN_ROUNDS
 * are done.
 */
export async function measureTogether(runs: GpuRun[]): Promise<Timing[]> {
  const inner: number[] = [];
  for (const r of runs) {
    const warm = await batch(r, 1);
    if (warm < SLOW_MS) await batch(r, 1);
    inner.push(Math.max(1, Math.ceil(MIN_SAMPLE_MS / Math.max(warm, 1e-3))));
  }
  const samples: number[][] = runs.map(() => []);
  let spent = 0;
  for (let round = 0; round < MIN_ROUNDS || spent < BUDGET_MS; round++) {
    const roundStart = performance.now();
    for (let i = 0; i < runs.length; i++) samples[i].push((await batch(runs[i], inner[i])) / inner[i]);
    const roundMs = performance.now() - roundStart;
    spent += roundMs;
    if (round + 1 >= MIN_ROUNDS && spent + roundMs > CAP_MS) break;
  }
  return samples.map((s, i) => ({ ms: median(s), calls: s.length * inner[i] }));
}
