import { htmlReport, type Conclusion, type SweepSpec } from '@convstudio/core';
import type { RunStore } from './run-store.js';
import type { SweepEvidence } from './sweep-evidence.js';

/**
 * The experiment's report (core's htmlReport) from the run database: for each variant, its first
 * finished run's indicator snapshots.
 */
export function labReport(input: { title: string; claim: string; spec: SweepSpec; evidence: SweepEvidence; conclusion: Conclusion; store: RunStore }): string {
  const done = input.store.runs({ status: 'done' });
  const runs = input.evidence.variants.flatMap((v) => {
    const run = done.find((r) => r.variantId === v.id && r.pipelineHash === v.hash);
    return run ? [{ variantId: v.id, label: `run ${run.id}, seed ${run.seed}`, snapshots: input.store.snapshots(run.id) }] : [];
  });
  return htmlReport({ title: input.title, claim: input.claim, spec: input.spec, evidence: input.evidence, conclusion: input.conclusion, runs, source: 'convstudio lab' });
}
