/**
 * Runs one case: times ours, then every peer that has the op, checking each peer's first result
 * against ours before timing it. Prints one line per implementation as it goes.
 */
import { performance } from 'node:perf_hooks';

import { relativeDiff } from '@convstudio/bench-meta/layout';
import { fmt, fmtMs, fmtRatio, rate, ratio } from './report.ts';
import { measure } from '@convstudio/bench-meta/timing';
import { type Case, IMPL_TITLE, PEERS, type Row, TOLERANCE } from './types.ts';

export async function runCase(c: Case): Promise<Row[]> {
  const rows: Row[] = [];
  const base = { op: c.op, shape: c.shape, note: c.note, work: c.work, unit: c.unit };
  const oursRow: Row = { ...base, impl: 'ours', ok: true, timing: await measure(c.ours.run) };
  rows.push(oursRow);
  console.log(`${c.op.padEnd(11)} ${c.shape.padEnd(32)} ${'ours'.padEnd(22)} ${fmtMs(oursRow.timing!.ms).padStart(9)} ms ${fmt(rate(oursRow)).padStart(7)} ${c.unit}`);
  for (const impl of PEERS) {
    const make = c.peers[impl];
    if (!make) continue;
    const row: Row = { ...base, impl, ok: true };
    try {
      const peer = await make();
      if (typeof peer === 'string') {
        row.na = peer;
      } else {
        try {
          const t0 = performance.now();
          const raw = await peer.run();
          const first = performance.now() - t0;
          row.diff = relativeDiff(c.ours.result, peer.toOurs(raw));
          row.ok = row.diff < TOLERANCE;
          row.timing = await measure(peer.run, first);
        } finally {
          peer.dispose();
        }
      }
    } catch (error) {
      row.ok = false;
      row.na = `error: ${(error as Error).message.split('\n')[0]}`;
    }
    rows.push(row);
    const r = ratio(oursRow, row);
    const status = row.na ?? `${fmtMs(row.timing!.ms).padStart(9)} ms ${fmt(rate(row)).padStart(7)} ${c.unit}  ours ${fmtRatio(r ?? NaN).padStart(7)}  diff ${row.diff!.toExponential(1)} ${row.ok ? 'pass' : 'FAIL'}`;
    console.log(`${''.padEnd(11)} ${''.padEnd(32)} ${IMPL_TITLE[impl].padEnd(22)} ${status}`);
  }
  return rows;
}
