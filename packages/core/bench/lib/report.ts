/**
 * The conv benchmark's markdown: number formats, the summary and detail tables, and the targets
 * of the benchmark issue.
 */
import { IMPL_TITLE, type Impl, type Op, PEERS, type Row } from './types.ts';

export function rate(row: Row): number | undefined {
  return row.timing ? row.work / (row.timing.ms * 1e6) : undefined;
}

export function fmt(v: number | undefined, digits = 2): string {
  if (v === undefined) return '—';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 1) return v.toFixed(digits);
  return v.toPrecision(digits);
}

export function fmtMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(4);
}

export function fmtRatio(r: number): string {
  return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
}

/** ours speed / peer speed = peer ms / our ms: above 1, we are faster. */
export function ratio(ours: Row, peer: Row): number | undefined {
  return ours.timing && peer.timing ? peer.timing.ms / ours.timing.ms : undefined;
}

export function summaryTable(rows: Row[], caseKeys: string[]): string {
  const lines = [
    '| op | shape (Cin×H×W → Cout) | ours ms | ours rate | tfjs-cpu | tfjs-wasm | ORT 1 thread | ORT default threads |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const key of caseKeys) {
    const group = rows.filter((r) => `${r.op}|${r.shape}` === key);
    const ours = group.find((r) => r.impl === 'ours');
    if (!ours) continue;
    const cells = PEERS.map((impl) => {
      const peer = group.find((r) => r.impl === impl);
      if (!peer) return '—';
      if (!peer.timing) return peer.na ?? 'n/a';
      const fail = peer.ok ? '' : ' **DISAGREES**';
      return `${fmt(rate(peer))} (ours ${fmtRatio(ratio(ours, peer) ?? NaN)})${fail}`;
    });
    const shape = ours.note ? `${ours.shape} (${ours.note})` : ours.shape;
    lines.push(`| ${ours.op} | ${shape} | ${ours.timing ? fmtMs(ours.timing.ms) : '—'} | ${fmt(rate(ours))} ${ours.unit} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function detailTable(rows: Row[]): string {
  const lines = [
    '| op | shape | impl | median ms | rate | calls timed | ours ÷ it (speed) | max rel. diff vs ours | agrees |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const ours = rows.find((r) => r.impl === 'ours' && r.op === row.op && r.shape === row.shape);
    const t = row.timing;
    const calls = t ? `${t.calls}${t.cold ? ' (first call, no warm-up)' : ''}` : '—';
    const r = ours && row.impl !== 'ours' ? ratio(ours, row) : undefined;
    const diff = row.impl === 'ours' ? 'reference' : row.diff === undefined ? '—' : row.diff.toExponential(1);
    const agrees = row.impl === 'ours' ? '' : row.na && row.diff === undefined ? (row.ok ? 'n/a' : '**FAIL**') : row.ok ? 'pass' : '**FAIL**';
    lines.push(
      `| ${row.op} | ${row.shape} | ${IMPL_TITLE[row.impl]} | ${t ? fmtMs(t.ms) : row.na ?? '—'} | ${t ? `${fmt(rate(row))} ${row.unit}` : '—'} | ${calls} | ${r === undefined ? '' : fmtRatio(r)} | ${diff} | ${agrees} |`,
    );
  }
  return lines.join('\n');
}

/** The issue's targets: forward ≥ 2× tfjs-cpu on every shape, weight gradient ≥ 100× tfjs-cpu. */
export function targetsText(rows: Row[], caseKeys: string[]): string {
  const ratioTo = (op: Op, shapePrefix: string | null, impl: Impl): { shape: string; r: number | undefined }[] =>
    caseKeys
      .filter((k) => k.startsWith(`${op}|`) && (shapePrefix === null || k.includes(shapePrefix)))
      .map((k) => {
        const group = rows.filter((r) => `${r.op}|${r.shape}` === k);
        const ours = group.find((r) => r.impl === 'ours')!;
        const peer = group.find((r) => r.impl === impl);
        return { shape: ours.shape, r: peer ? ratio(ours, peer) : undefined };
      });
  const fwd = ratioTo('forward', null, 'tfjs-cpu');
  const fwdMet = fwd.every((x) => x.r !== undefined && x.r >= 2);
  const dwRatio = ratioTo('weight grad', '64x56x56', 'tfjs-cpu')[0]?.r;
  return [
    `- Forward ≥ 2× tfjs-cpu on every shape: **${fwdMet ? 'met' : 'not met'}** (${fwd.map((x) => `${x.shape}: ${x.r === undefined ? 'n/a' : fmtRatio(x.r)}`).join('; ')})`,
    `- Weight gradient ≥ 100× tfjs-cpu on 64x56x56: **${dwRatio !== undefined && dwRatio >= 100 ? 'met' : 'not met'}** (${dwRatio === undefined ? 'n/a' : fmtRatio(dwRatio)})`,
  ].join('\n');
}
