import { paretoFront, summarizeRuns, type ExperimentEvidence, type RunOutcome, type ValidVariant, type VariantSummary } from '@convstudio/core';
import type { RunStore } from '@convstudio/lab-store';

/** A sweep's finished runs, read back for conclusions, tables and reports. */
export interface SweepEvidence extends ExperimentEvidence {
  variants: ValidVariant[];
  summaries: VariantSummary[];
  deadFractions: Map<string, number>;
  /** Finished runs per variant. */
  runs: Map<string, RunOutcome[]>;
  /** Variant ids on the Pareto front of accuracy against parameters, and against MACs. */
  paretoParams: Set<string>;
  paretoMacs: Set<string>;
}

/** ReLUs fed by a linear layer: the dense layers' activations, where the document sees ReLU saturation. */
function denseReluIds(variant: ValidVariant): Set<string> {
  const kinds = new Map(variant.pipeline.nodes.map((n) => [n.id, n.kind]));
  return new Set(variant.pipeline.edges.filter((e) => kinds.get(e.target) === 'relu' && kinds.get(e.source) === 'linear').map((e) => e.target));
}

/**
 * Reads a sweep's finished runs from the store: per-variant summaries over seeds, the mean
 * dead-ReLU fraction of the dense layers at each run's last snapshot, and the Pareto fronts.
 */
export function sweepEvidence(store: RunStore, sweepId: number): SweepEvidence {
  const variants = store.variants(sweepId).filter((v): v is ValidVariant => v.ok);
  const byId = new Map(variants.map((v) => [v.id, v]));
  const runs = new Map<string, RunOutcome[]>();
  const dead = new Map<string, number[]>();
  for (const r of store.runs({ sweepId, status: 'done' })) {
    const outcome: RunOutcome = { variantId: r.variantId, seed: r.seed, history: store.history(r.id), ...(r.testAccuracy === null ? {} : { test: { accuracy: r.testAccuracy, loss: r.testLoss ?? Number.NaN, ...(r.testMeanIoU === null ? {} : { meanIoU: r.testMeanIoU }) } }) };
    runs.set(r.variantId, [...(runs.get(r.variantId) ?? []), outcome]);
    const last = store.snapshots(r.id).at(-1);
    const variant = byId.get(r.variantId);
    if (last && variant) {
      const ids = denseReluIds(variant);
      const fractions = last.activations.filter((a) => ids.has(a.nodeId)).map((a) => a.deadFraction);
      if (fractions.length) dead.set(r.variantId, [...(dead.get(r.variantId) ?? []), fractions.reduce((a, b) => a + b, 0) / fractions.length]);
    }
  }
  const summaries = summarizeRuns([...runs.values()].flat());
  const deadFractions = new Map([...dead].map(([id, list]) => [id, list.reduce((a, b) => a + b, 0) / list.length]));
  const accuracy = new Map(summaries.map((s) => [s.variantId, s.accuracy.mean]));
  const points = (cost: (v: ValidVariant) => number) => variants.filter((v) => accuracy.has(v.id)).map((v) => ({ id: v.id, accuracy: accuracy.get(v.id) as number, cost: cost(v) }));
  return {
    variants,
    summaries,
    deadFractions,
    runs,
    paretoParams: new Set(paretoFront(points((v) => v.params)).map((p) => p.id)),
    paretoMacs: new Set(paretoFront(points((v) => v.macs)).map((p) => p.id)),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** The sweep as a text table: one line per variant with accuracy over seeds, cost, plateau and Pareto marks. */
export function formatEvidenceTable(e: SweepEvidence): string {
  const byId = new Map(e.summaries.map((s) => [s.variantId, s]));
  const width = Math.max(7, ...e.variants.map((v) => v.label.length));
  const iou = e.summaries.some((s) => s.meanIoU);
  const lines = [`${'variant'.padEnd(width)}  ${'accuracy'.padStart(16)}${iou ? `  ${'mean IoU'.padStart(14)}` : ''}  seeds  ${'params'.padStart(9)}  ${'MACs'.padStart(11)}  plateau  pareto`];
  for (const v of e.variants) {
    const s = byId.get(v.id);
    const acc = !s ? '-' : s.accuracy.n > 1 ? `${pct(s.accuracy.mean)} ± ${(100 * s.accuracy.std).toFixed(2)}` : pct(s.accuracy.mean);
    const pareto = [e.paretoParams.has(v.id) ? 'params' : '', e.paretoMacs.has(v.id) ? 'MACs' : ''].filter(Boolean).join('+') || '-';
    const plateau = s?.plateauEpoch ? `ep ${s.plateauEpoch}` : '-';
    const m = s?.meanIoU;
    const iouText = !iou ? '' : `  ${(!m ? '-' : m.n > 1 ? `${m.mean.toFixed(3)} ± ${m.std.toFixed(3)}` : m.mean.toFixed(3)).padStart(14)}`;
    lines.push(`${v.label.padEnd(width)}  ${acc.padStart(16)}${iouText}  ${String(s?.accuracy.n ?? 0).padStart(5)}  ${v.params.toLocaleString('en-US').padStart(9)}  ${v.macs.toLocaleString('en-US').padStart(11)}  ${plateau.padStart(7)}  ${pareto}`);
  }
  return lines.join('\n');
}
