import type { DeadUnitFinding, Diagnosis, PlateauReport, SpectrumReport } from '@convstudio/core';
import { layerCatalog, layerTitle } from '../pipeline-editor/layer-catalog.js';

/** How much a finding deserves attention: fine, worth a look, or a real problem. */
export type VerdictLevel = 'ok' | 'warn' | 'bad' | 'info';

/** A short plain-language judgement with its level. */
export interface Verdict {
  level: VerdictLevel;
  text: string;
}

/** One layer of the saturation table: its dead units (ReLU) or its weight spectrum (learnable layer). */
export interface SaturationRow {
  nodeId: string;
  /** Readable layer name ("Conv 2D"); the node id when the kind is unknown. */
  title: string;
  /** The palette group, for the layer's category colour. */
  group?: string;
  dead?: DeadUnitFinding;
  spectrum?: SpectrumReport;
  /** Why the spectrum was not computed (a matrix too large). */
  skipped?: string;
  /** Near-duplicate filter pairs, on the first convolution only. */
  duplicatePairs?: number;
  verdict: Verdict;
}

/** A node of the pipeline, for the table's order and names. */
export interface LayerRef {
  id: string;
  kind: string;
}

const severity: Record<VerdictLevel, number> = { info: 0, ok: 1, warn: 2, bad: 3 };
const worst = (verdicts: Verdict[]): VerdictLevel => verdicts.reduce<VerdictLevel>((w, v) => (severity[v.level] > severity[w] ? v.level : w), 'info');

/**
 * A percentage for people: one decimal under 10 %, none above.
 *
 * @example
 * percent(0.0625); // '6.3%'
 * percent(0.5);    // '50%'
 */
export function percent(fraction: number): string {
  const p = 100 * fraction;
  return `${p > 0 && p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

/**
 * The verdict on a ReLU layer's dead units: half or more never firing is a problem (the core's
 * alert level), a tenth or more is worth a look.
 *
 * @example
 * deadVerdict({ nodeId: 'relu1', fraction: 0.6, deadCount: 3763, unitCount: 6272, alwaysZeroChannels: [] }).level; // 'bad'
 */
export function deadVerdict(d: DeadUnitFinding, alert = 0.5): Verdict {
  const silent = d.alwaysZeroChannels.length ? ` Channel${d.alwaysZeroChannels.length > 1 ? 's' : ''} ${d.alwaysZeroChannels.join(', ')} never fire${d.alwaysZeroChannels.length > 1 ? '' : 's'}.` : '';
  if (d.fraction >= alert) return { level: 'bad', text: `Mostly silent: ${percent(d.fraction)} of its units never fire on these digits — capacity that is paid for but unused.${silent}` };
  if (d.fraction >= 0.1) return { level: 'warn', text: `${percent(d.fraction)} of its units never fire on these digits.${silent}` };
  if (d.fraction > 0) return { level: 'ok', text: `Healthy: only ${percent(d.fraction)} of its units stay silent.${silent}` };
  return { level: 'ok', text: 'Healthy: every unit fires on some digit.' };
}

/**
 * The verdict on a learnable layer's weight spectrum: all-zero weights, ignored input directions
 * (small singular values) and amplified ones (large singular values).
 *
 * @example
 * spectrumVerdict(report).text; // 'Uses all 9 input directions; no direction is amplified more than 10×.'
 */
export function spectrumVerdict(r: SpectrumReport, duplicatePairs = 0): Verdict {
  const k = r.singularValues.length;
  const parts: Verdict[] = [];
  if (r.max === 0) parts.push({ level: 'bad', text: 'All its weights are zero: the layer passes nothing on.' });
  else if (r.nearZero.count > 0) parts.push({ level: 'warn', text: `Uses ${r.rank} of ${k} input directions; the other ${r.nearZero.count} are ignored.` });
  if (r.large.count > 0) parts.push({ level: 'warn', text: `Amplifies ${r.large.count} direction${r.large.count > 1 ? 's' : ''} more than ${r.large.threshold}×, so gradients may become unstable.` });
  if (duplicatePairs > 0) parts.push({ level: 'warn', text: `${duplicatePairs} pair${duplicatePairs > 1 ? 's' : ''} of filters look alike: the same feature is learned twice.` });
  if (!parts.length) return { level: 'ok', text: `Healthy: uses all ${k} input directions, none amplified more than ${r.large.threshold}×.` };
  return { level: worst(parts), text: parts.map((p) => p.text).join(' ') };
}

/**
 * The diagnosis as one row per measured layer, in the pipeline's order when `layers` is given
 * (ReLU layers carry dead units, learnable layers their spectrum), each with a verdict.
 *
 * @example
 * saturationRows(diagnosis, pipeline.nodes).map((r) => r.nodeId); // ['conv1', 'relu1', 'conv2', …]
 */
export function saturationRows(d: Diagnosis, layers: readonly LayerRef[] = []): SaturationRow[] {
  const kindOf = new Map(layers.map((l) => [l.id, l.kind]));
  const describe = (nodeId: string, kind?: string) => {
    const k = kind ?? kindOf.get(nodeId);
    const entry = k ? layerCatalog[k as keyof typeof layerCatalog] : undefined;
    return { title: k ? layerTitle(k) : nodeId, ...(entry ? { group: entry.group } : {}) };
  };
  const rows: SaturationRow[] = [];
  for (const dead of d.deadUnits) rows.push({ nodeId: dead.nodeId, ...describe(dead.nodeId, 'relu'), dead, verdict: deadVerdict(dead) });
  for (const s of d.spectra) {
    const base = { nodeId: s.nodeId, ...describe(s.nodeId, s.kind) };
    if (!s.report) {
      rows.push({ ...base, skipped: s.skipped ?? 'not analysed', verdict: { level: 'info', text: `Not analysed: ${s.skipped ?? 'no spectrum'}.` } });
      continue;
    }
    const pairs = d.redundancy?.nodeId === s.nodeId ? d.redundancy.report.pairs.length : undefined;
    rows.push({ ...base, spectrum: s.report, ...(pairs === undefined ? {} : { duplicatePairs: pairs }), verdict: spectrumVerdict(s.report, pairs) });
  }
  const order = new Map(layers.map((l, i) => [l.id, i]));
  // Layers not in the pipeline any more (edited since training) go last, in the diagnosis's order.
  return rows
    .map((row, i) => ({ row, key: order.get(row.nodeId) ?? layers.length + i }))
    .sort((a, b) => a.key - b.key)
    .map(({ row }) => row);
}

/**
 * A plateau report in words: too short to judge, stalled since an epoch, or still improving.
 *
 * @example
 * plateauVerdict({ plateaued: false, sinceEpoch: null, bestValue: 0.3, improvement: null, reason: '…' }, 'Training loss');
 * // { level: 'info', text: 'Training loss: too few epochs to tell whether it has stopped improving.' }
 */
export function plateauVerdict(p: PlateauReport, name: string): Verdict {
  if (p.improvement === null) return { level: 'info', text: `${name}: too few epochs to tell whether it has stopped improving.` };
  if (p.plateaued) return { level: 'warn', text: `${name}: stalled since epoch ${(p.sinceEpoch ?? 0) + 1} (${percent(Math.abs(p.improvement))} change over the last epochs).` };
  return { level: 'ok', text: `${name}: still improving (${percent(p.improvement)} better over the last epochs).` };
}

/**
 * One sentence for the whole report: how many layers need a look.
 *
 * @example
 * overallVerdict(rows, 64); // { level: 'ok', text: 'No sign of saturation in 7 layers, measured on 64 held-out digits.' }
 */
export function overallVerdict(rows: readonly SaturationRow[], batchSize: number): Verdict {
  const flagged = rows.filter((r) => r.verdict.level === 'warn' || r.verdict.level === 'bad');
  const on = `measured on ${batchSize} held-out digit${batchSize === 1 ? '' : 's'}`;
  if (!flagged.length) return { level: 'ok', text: `No sign of saturation in ${rows.length} layer${rows.length === 1 ? '' : 's'}, ${on}.` };
  const names = flagged.map((r) => r.nodeId).join(', ');
  return { level: worst(flagged.map((r) => r.verdict)), text: `${flagged.length} of ${rows.length} layers need a look (${names}), ${on}.` };
}
