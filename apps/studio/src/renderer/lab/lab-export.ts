import { decodeWeightsSidecar, htmlReport, putNodeValues, type Conclusion, type Pipeline, type ReportKernels, type SweepSpec, type ValidVariant } from '@convstudio/core';
import type { LabEvidence, LabRun } from './lab-runs.js';

/**
 * A finished run as a pipeline with its final weights inline (what the editor opens): the
 * variant's structure, each learnable node's weight and bias, and its buffers (batch-norm running
 * statistics, as `bufferValues`), from the run's CSWB bytes. Throws if the bytes
 * belong to another structure.
 *
 * @example
 * dispatch({ type: 'trained', pipeline: runAsPipeline(variant, run), summary: { task: 'lab', epochs: 3 } });
 */
export function runAsPipeline(variant: ValidVariant, run: LabRun): Pipeline {
  if (!run.weights) throw new Error(`run ${run.key} kept no weights`);
  const decoded = decodeWeightsSidecar(run.weights, `run ${run.key}`);
  if (decoded.pipelineHash !== variant.hash) throw new Error(`run ${run.key}: its weights belong to pipeline ${decoded.pipelineHash}, the variant is ${variant.hash}`);
  // Copies: the decoded tensors are views on the run's stored bytes, which the lab keeps (and
  // may hand on); the document's arrays must be its own.
  const owned = new Map([...decoded.tensors].map(([name, t]) => [name, { shape: t.shape, data: t.data.slice() }]));
  return putNodeValues(variant.pipeline, owned, { as: 'float32' });
}

/**
 * The experiment's report as a self-contained HTML file (core's htmlReport, the same one
 * `convstudio lab --report` writes): for each variant, its first finished run's indicators and
 * its first-layer filter review drawn with the run's kernels.
 */
export function labReportHtml(input: { title: string; claim: string; spec: SweepSpec; evidence: LabEvidence; conclusion: Conclusion; runs: readonly LabRun[] }): string {
  const done = input.runs.filter((r) => r.status === 'done');
  const runs = input.evidence.variants.flatMap((v) => {
    const run = done.filter((r) => r.variantId === v.id).sort((a, b) => a.seed - b.seed)[0];
    return run ? [{ variantId: v.id, label: `seed ${run.seed}`, snapshots: run.snapshots, filters: run.filters, kernels: reviewedKernels(run) }] : [];
  });
  return htmlReport({ title: input.title, claim: input.claim, spec: input.spec, evidence: input.evidence, conclusion: input.conclusion, runs, source: 'the ConvStudio studio' });
}

/** The weight of the layer a run's filter review looked at, from its CSWB bytes (absent without either). */
export function reviewedKernels(run: LabRun): ReportKernels | undefined {
  const nodeId = run.filters?.nodeId;
  if (!run.weights || !nodeId) return undefined;
  const weight = decodeWeightsSidecar(run.weights, `run ${run.key}`).tensors.get(`${nodeId}.weight`);
  return weight && weight.shape.length === 4 ? { shape: weight.shape, data: weight.data } : undefined;
}

/** Offers text as a file download (a Blob URL clicked; Electron shows its save dialog for it). */
export function downloadText(fileName: string, text: string, type = 'text/html'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
