/**
 * The MNIST training benchmark's markdown: the summary table (time per epoch, test accuracy, ratio
 * to ours) and the per-epoch detail.
 */
import { median } from '@convstudio/bench-meta/timing';
import type { TrainRun } from './types.ts';

/** Median epoch time in ms over epochs 2.. (the first pays for JIT warm-up), or the first alone. */
export function steadyEpochMs(run: TrainRun): number | undefined {
  if (run.epochMs.length === 0) return undefined;
  return run.epochMs.length === 1 ? run.epochMs[0] : median(run.epochMs.slice(1));
}

const seconds = (ms: number | undefined) => (ms === undefined ? '—' : (ms / 1000).toFixed(ms >= 100_000 ? 0 : ms >= 10_000 ? 1 : 2));
const percent = (v: number | undefined) => (v === undefined ? '—' : `${(v * 100).toFixed(2)}%`);

export function summaryTable(runs: TrainRun[]): string {
  const ours = steadyEpochMs(runs[0]);
  const lines = [
    '| implementation | epochs run | s/epoch (median of epochs 2…n) | first epoch s | test accuracy after last epoch | time per epoch, it ÷ ours |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [i, run] of runs.entries()) {
    if (run.na) {
      lines.push(`| ${run.name} | — | ${run.na} | — | — | — |`);
      continue;
    }
    const steady = steadyEpochMs(run);
    const one = run.epochMs.length === 1 ? ' (one epoch: first epoch)' : '';
    const ratio = i === 0 || steady === undefined || ours === undefined ? '' : `${(steady / ours).toFixed(2)}×`;
    lines.push(`| ${run.name} | ${run.epochMs.length} | ${seconds(steady)}${one} | ${seconds(run.epochMs[0])} | ${percent(run.testAccuracy.at(-1))} | ${ratio} |`);
  }
  return lines.join('\n');
}

export function epochTable(runs: TrainRun[]): string {
  const ran = runs.filter((r) => !r.na);
  const epochs = Math.max(...ran.map((r) => r.epochMs.length));
  const lines = [`| epoch | ${ran.map((r) => `${r.name}: s, test acc.`).join(' | ')} |`, `| ---: | ${ran.map(() => '---:').join(' | ')} |`];
  for (let e = 0; e < epochs; e++) {
    const cells = ran.map((r) => (e < r.epochMs.length ? `${seconds(r.epochMs[e])} s, ${percent(r.testAccuracy[e])}` : '—'));
    lines.push(`| ${e + 1} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
