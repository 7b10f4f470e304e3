/**
 * The GPU benchmark's markdown: the summary table (GFLOP/s, ours ÷ peer), the target of the
 * issue, and the detail table.
 */
import { fmt, fmtMs, fmtRatio } from '@convstudio/bench-meta/format';
import { IMPL_TITLE, PEERS, type Row } from './types.ts';

export { fmt, fmtMs, fmtRatio };

export function gflops(row: Row): number | undefined {
  return row.timing ? row.work / (row.timing.ms * 1e6) : undefined;
}

/** ours speed / peer speed = peer ms / our ms: above 1, we are faster. */
export function ratio(ours: Row | undefined, peer: Row | undefined): number | undefined {
  return ours?.timing && peer?.timing ? peer.timing.ms / ours.timing.ms : undefined;
}

function groups(rows: Row[]): Row[][] {
  const keys = [...new Set(rows.map((r) => `${r.op}|${r.shape}`))];
  return keys.map((k) => rows.filter((r) => `${r.op}|${r.shape}` === k));
}

export function summaryTable(rows: Row[]): string {
  const lines = [
    '| op | shape (Cin×H×W → Cout) | ours ms | ours GFLOP/s | tfjs-webgpu GFLOP/s (ours ×) | ORT-web WebGPU GFLOP/s (ours ×) |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const group of groups(rows)) {
    const ours = group.find((r) => r.impl === 'ours')!;
    const cells = PEERS.map((impl) => {
      const peer = group.find((r) => r.impl === impl);
      if (!peer?.timing) return peer?.na ?? '—';
      const r = ratio(ours, peer);
      const mark = r !== undefined && r < 1 ? ' ◀' : '';
      return `${fmt(gflops(peer))} (${r === undefined ? '—' : fmtRatio(r)}${mark})${peer.ok ? '' : ' **DISAGREES**'}`;
    });
    const shape = ours.note ? `${ours.shape} (${ours.note})` : ours.shape;
    const oursCell = ours.timing ? fmt(gflops(ours)) : (ours.na ?? '—');
    lines.push(`| ${ours.op} | ${shape} | ${ours.timing ? fmtMs(ours.timing.ms) : '—'} | ${oursCell}${ours.ok ? '' : ' **DISAGREES**'} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The target on SwiftShader: at least as fast as both peers on every shape and direction. */
export function targetText(rows: Row[]): string {
  const losses: string[] = [];
  let compared = 0;
  for (const group of groups(rows)) {
    const ours = group.find((r) => r.impl === 'ours')!;
    for (const impl of PEERS) {
      const r = ratio(ours, group.find((p) => p.impl === impl));
      if (r === undefined) continue;
      compared++;
      if (r < 1) losses.push(`${ours.op} ${ours.shape} vs ${IMPL_TITLE[impl]}: ${fmtRatio(r)}`);
    }
  }
  const verdict = losses.length === 0 ? '**met**' : `**not met** (${losses.length} of ${compared} comparisons lost: ${losses.join('; ')})`;
  return `- At least as fast as both peers on every shape and direction: ${verdict}`;
}

export function detailTable(rows: Row[]): string {
  const lines = ['| op | shape | impl | runs as | median ms | GFLOP/s | calls timed | max rel. diff vs core CPU | agrees |', '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- |'];
  for (const row of rows) {
    const t = row.timing;
    lines.push(
      `| ${row.op} | ${row.shape} | ${IMPL_TITLE[row.impl]} | ${row.via ?? ''} | ${t ? fmtMs(t.ms) : (row.na ?? '—')} | ${t ? fmt(gflops(row)) : '—'} | ${t ? t.calls : '—'} | ${row.diff === undefined ? '—' : row.diff.toExponential(1)} | ${row.na && row.diff === undefined ? (row.ok ? 'n/a' : '**FAIL**') : row.ok ? 'pass' : '**FAIL**'} |`,
    );
  }
  return lines.join('\n');
}
