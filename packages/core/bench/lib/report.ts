/**
 * The conv benchmark's markdown: number formats, the summary and detail tables, and the targets
 * of the benchmark issue.
 */
import { fmt, fmtMs, fmtRatio } from '@convstudio/bench-meta/format';
import { IMPL_TITLE, type Impl, PEERS, type Row, baselineFor } from './types.ts';

export { fmt, fmtMs, fmtRatio };

export function rate(row: Row): number | undefined {
  return row.timing ? row.work / (row.timing.ms * 1e6) : undefined;
}

/** ours speed / peer speed = peer ms / our ms: above 1, we are faster. */
export function ratio(ours: Row, peer: Row): number | undefined {
  return ours.timing && peer.timing ? peer.timing.ms / ours.timing.ms : undefined;
}

/** The one-thread ceilings our rates are read against (lib/peak.ts), in GFLOP/s. */
export interface Ceilings {
  /** AVX2 FMA peak of one core, or why it was not measured. */
  fma: number | string;
  /** AVX-512 FMA peak of one core, or why not (the CPU lacks it). */
  fma512: number | string;
  /** GEMM-shaped WebAssembly ceiling on one thread for the variant our kernels run (mul+add or relaxed madd). */
  wasm: number;
  /** The AVX2 FMA peak and the WebAssembly ceiling with two threads running at once, summed. */
  fma2: number | string;
  wasm2: number;
}

function share(value: number | undefined, of: number | string): string {
  return value === undefined || typeof of === 'string' ? '—' : `${((100 * value) / of).toFixed(0)}%`;
}

export function summaryTable(rows: Row[], caseKeys: string[], ceilings: Ceilings): string {
  const lines = [
    `| op | shape (Cin×H×W → Cout) | ours ms | ours rate | % of FMA peak | % of wasm ceiling | 2 threads: % of FMA peak | % of wasm ceiling | ${PEERS.map((p) => IMPL_TITLE[p]).join(' | ')} |`,
    `| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ${PEERS.map(() => '---:').join(' | ')} |`,
  ];
  for (const key of caseKeys) {
    const group = rows.filter((r) => `${r.op}|${r.shape}` === key);
    const ours = group.find((r) => r.impl === 'ours');
    if (!ours) continue;
    const two = group.find((r) => r.impl === 'ours-2t');
    const cells = PEERS.map((impl) => {
      const peer = group.find((r) => r.impl === impl);
      if (!peer) return '—';
      if (!peer.timing) return peer.na ?? 'n/a';
      if (impl === 'ours-2t') return `${fmt(rate(peer))} (${fmtRatio(ratio(peer, ours) ?? NaN)} one thread)`;
      const base = group.find((r) => r.impl === baselineFor(impl)) ?? ours;
      const fail = peer.ok ? '' : ' **DISAGREES**';
      return `${fmt(rate(peer))} (ours ${fmtRatio(ratio(base, peer) ?? NaN)})${fail}`;
    });
    const shape = ours.note ? `${ours.shape} (${ours.note})` : ours.shape;
    const flops = ours.unit === 'GFLOP/s';
    const peaks = flops ? `${share(rate(ours), ceilings.fma)} | ${share(rate(ours), ceilings.wasm)}` : '— | —';
    const peaks2 = flops && two ? `${share(rate(two), ceilings.fma2)} | ${share(rate(two), ceilings.wasm2)}` : '— | —';
    lines.push(`| ${ours.op} | ${shape} | ${ours.timing ? fmtMs(ours.timing.ms) : '—'} | ${fmt(rate(ours))} ${ours.unit} | ${peaks} | ${peaks2} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function detailTable(rows: Row[]): string {
  const lines = [
    '| op | shape | impl | median ms | rate | calls timed | ours ÷ it (speed) | max rel. diff vs ours | agrees |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const ours = rows.find((r) => r.impl === baselineFor(row.impl) && r.op === row.op && r.shape === row.shape);
    const t = row.timing;
    const calls = t ? `${t.calls}${t.cold ? ' (first call, no warm-up)' : ''}` : '—';
    const r = ours && row.impl !== 'ours' && row.impl !== 'ours-2t' ? ratio(ours, row) : undefined;
    const diff = row.impl === 'ours' ? 'reference' : row.diff === undefined ? '—' : row.diff.toExponential(1);
    const agrees = row.impl === 'ours' ? '' : row.na && row.diff === undefined ? (row.ok ? 'n/a' : '**FAIL**') : row.ok ? 'pass' : '**FAIL**';
    lines.push(
      `| ${row.op} | ${row.shape} | ${IMPL_TITLE[row.impl]} | ${t ? fmtMs(t.ms) : row.na ?? '—'} | ${t ? `${fmt(rate(row))} ${row.unit}` : '—'} | ${calls} | ${r === undefined ? '' : fmtRatio(r)} | ${diff} | ${agrees} |`,
    );
  }
  return lines.join('\n');
}

/** PyTorch's single-thread rates on this machine for the 64x56x56 gradients (issue 7), GFLOP/s. */
const PYTORCH_1T = { 'input grad': 83, 'weight grad': 62 } as const;

/**
 * The targets of issue 7: forward at least as fast as tfjs-backend-wasm and ORT-web's wasm
 * provider on every shape (one thread against one, two against two) and at least 50% of ORT's
 * one-thread rate on the 3x3 shapes; each gradient at least 70% of our forward rate on its shape
 * with as many threads, and 25% of PyTorch's one-thread rate.
 */
export function targetsText(rows: Row[], caseKeys: string[]): string {
  const group = (k: string) => rows.filter((r) => `${r.op}|${r.shape}` === k);
  const find = (k: string, impl: Impl) => group(k).find((r) => r.impl === impl);
  const verdict = (ok: boolean) => `**${ok ? 'met' : 'not met'}**`;
  const fwdKeys = caseKeys.filter((k) => k.startsWith('forward|'));
  const vsWasm = fwdKeys.map((k) => ({ shape: k.split('|')[1], r: ratio(find(k, 'ours')!, find(k, 'tfjs-wasm') ?? find(k, 'ours')!) }));
  const threeByThree = fwdKeys.filter((k) => / k3 /.test(k));
  const vsOrt = threeByThree.map((k) => {
    const ours = rate(find(k, 'ours')!);
    const ort = find(k, 'ort-1t');
    return { shape: k.split('|')[1], r: ours !== undefined && ort && rate(ort) ? ours / rate(ort)! : undefined };
  });
  const vsOrtWeb = (impl: Impl) =>
    fwdKeys.map((k) => {
      const peer = find(k, impl);
      const base = find(k, baselineFor(impl));
      return { shape: k.split('|')[1], r: peer && base ? ratio(base, peer) : undefined };
    });
  const ortWebLine = (impl: Impl, title: string) => {
    const v = vsOrtWeb(impl);
    if (v.every((x) => x.r === undefined)) return [];
    return [
      `- Forward ≥ ${title} on every shape: ${verdict(v.every((x) => x.r !== undefined && x.r >= 1))} (${v.map((x) => `${x.shape}: ${x.r === undefined ? 'n/a' : fmtRatio(x.r)}`).join('; ')})`,
    ];
  };
  const lines = [
    `- Forward ≥ tfjs-wasm (1 thread) on every shape: ${verdict(vsWasm.every((x) => x.r !== undefined && x.r >= 1))} (${vsWasm.map((x) => `${x.shape}: ${x.r === undefined ? 'n/a' : fmtRatio(x.r)}`).join('; ')})`,
    `- Forward ≥ 50% of ORT 1 thread on the 3x3 shapes: ${verdict(vsOrt.every((x) => x.r !== undefined && x.r >= 0.5))} (${vsOrt.map((x) => `${x.shape}: ${x.r === undefined ? 'n/a' : `${(100 * x.r).toFixed(0)}%`}`).join('; ')})`,
    ...ortWebLine('ortweb-1t', 'ORT-web wasm 1 thread'),
    ...ortWebLine('ortweb-2t', 'ORT-web wasm 2 threads (ours: 2 threads)'),
  ];
  for (const op of ['input grad', 'weight grad'] as const) {
    for (const k of caseKeys.filter((key) => key.startsWith(`${op}|`))) {
      const shape = k.split('|')[1];
      for (const impl of ['ours', 'ours-2t'] as const) {
        const row = find(k, impl);
        if (!row) continue;
        const r = rate(row);
        const fwdRow = find(`forward|${shape}`, impl);
        const fwd = fwdRow ? rate(fwdRow) : undefined;
        const ofFwd = r !== undefined && fwd ? r / fwd : undefined;
        const threads = impl === 'ours' ? '1 thread' : '2 threads';
        const torch = impl === 'ours' ? `; ≥ 25% of PyTorch 1 thread (${PYTORCH_1T[op]} GFLOP/s, from the issue) ${verdict(r !== undefined && r / PYTORCH_1T[op] >= 0.25)} (${r === undefined ? 'n/a' : `${((100 * r) / PYTORCH_1T[op]).toFixed(0)}%`})` : '';
        lines.push(`- ${op} ${shape}, ${threads}: ≥ 70% of our forward on ${threads} ${verdict(ofFwd !== undefined && ofFwd >= 0.7)} (${ofFwd === undefined ? 'n/a' : `${(100 * ofFwd).toFixed(0)}%`})${torch}`);
      }
    }
  }
  return lines.join('\n');
}
