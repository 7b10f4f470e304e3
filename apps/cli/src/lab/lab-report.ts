import { decodeWeightsSidecar, htmlReport, type Conclusion, type ReportKernels, type SweepSpec } from '@convstudio/core';
import type { RunStore } from '@convstudio/lab-store';
import type { SweepEvidence } from './sweep-evidence.js';

/**
 * The experiment's report (core's htmlReport) from the run database: for each variant, its first
 * finished run's indicator snapshots, and its first-layer filter review drawn with the run's kernels.
 */
export function labReport(input: { title: string; claim: string; spec: SweepSpec; evidence: SweepEvidence; conclusion: Conclusion; store: RunStore }): string {
  const done = input.store.runs({ status: 'done' });
  const runs = input.evidence.variants.flatMap((v) => {
    const run = done.find((r) => r.variantId === v.id && r.pipelineHash === v.hash);
    if (!run) return [];
    const filters = input.store.filters(run.id);
    return [{ variantId: v.id, label: `run ${run.id}, seed ${run.seed}`, snapshots: input.store.snapshots(run.id), filters, kernels: filters && kernelsOf(input.store, run.id, filters.nodeId) }];
  });
  return htmlReport({ title: input.title, claim: input.claim, spec: input.spec, evidence: input.evidence, conclusion: input.conclusion, runs, source: 'convstudio lab' });
}

/** The reviewed layer's weight from the run's last stored weights (absent when none were kept). */
function kernelsOf(store: RunStore, runId: number, nodeId: string): ReportKernels | undefined {
  const stored = store.weights(runId);
  if (!stored) return undefined;
  const weight = decodeWeightsSidecar(stored.bytes, `run ${runId}`).tensors.get(`${nodeId}.weight`);
  return weight && { shape: weight.shape, data: weight.data };
}
