/**
 * Runs one case on every implementation: sets each up, checks its result against core's CPU
 * result, then times those that agree side by side. Prints one line per implementation.
 */
import { performance } from 'node:perf_hooks';

import { relativeDiff } from '@convstudio/bench-meta/layout';
import { measureTogether } from './gpu-timing.ts';
import { fmt, fmtMs, fmtRatio, gflops, ratio } from './report.ts';
import { type ConvCase, type GpuRun, IMPL_TITLE, IMPLS, type Impl, type Row, type Setup, TOLERANCE } from './types.ts';

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

export async function runCase(c: ConvCase, setups: Record<Impl, Setup>): Promise<Row[]> {
  const rows: Row[] = [];
  const ready: { row: Row; run: GpuRun }[] = [];
  const t0 = performance.now();
  for (const impl of IMPLS) {
    const row: Row = { op: c.op, shape: c.shape, note: c.note, impl, work: c.work, ok: true };
    rows.push(row);
    try {
      const run = await setups[impl](c);
      if (typeof run === 'string') {
        row.na = run;
        continue;
      }
      row.via = run.via;
      row.diff = relativeDiff(c.expected, await run.result());
      row.ok = row.diff < TOLERANCE;
      if (row.ok) ready.push({ row, run });
      else {
        row.na = `disagrees with core's CPU (${row.diff.toExponential(1)})`;
        run.dispose();
      }
    } catch (error) {
      row.ok = false;
      row.na = `error: ${firstLine(error)}`;
    }
  }
  const t1 = performance.now();
  try {
    const timings = await measureTogether(ready.map((r) => r.run));
    ready.forEach((r, i) => (r.row.timing = timings[i]));
  } finally {
    for (const r of ready) r.run.dispose();
  }
  if (process.env.BENCH_VERBOSE) console.log(`  (set-up and checks ${((t1 - t0) / 1000).toFixed(1)} s, timing ${((performance.now() - t1) / 1000).toFixed(1)} s)`);
  const ours = rows[0];
  for (const row of rows) {
    const r = row.impl === 'ours' ? undefined : ratio(ours, row);
    const status = row.timing
      ? `${fmtMs(row.timing.ms).padStart(9)} ms ${fmt(gflops(row)).padStart(7)} GFLOP/s${r === undefined ? '' : `  ours ${fmtRatio(r).padStart(7)}`}  diff ${row.diff!.toExponential(1)}`
      : (row.na ?? '');
    console.log(`${(row.impl === 'ours' ? c.op : '').padEnd(11)} ${(row.impl === 'ours' ? c.shape : '').padEnd(30)} ${IMPL_TITLE[row.impl].padEnd(15)} ${status}`);
  }
  return rows;
}
