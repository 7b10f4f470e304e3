import { Tensor, type ImageFit, type Pipeline, type PipelineIssue } from '@convstudio/core';
import { useEffect, useRef, useState } from 'react';
import type { StudioImage } from '../state/studio-state.js';
import { PipelineRunner } from './pipeline-runner.js';
import type { BackendChoice, InputScale, MatrixInput, RunFailure } from './run-protocol.js';
import type { GradientRequest, GradientResult } from '../gradients/gradient-protocol.js';

/** What the studio shows about the latest run. */
export interface LiveRun {
  status: 'idle' | 'running' | 'done' | 'failed';
  /** Every node's output of the last successful run (kept while a newer run is computing or failed). */
  outputs: Map<string, Tensor>;
  /** Weights of the last successful run by node id (those small enough to show). */
  weights: Map<string, Tensor>;
  /** Biases of the nodes in `weights` that have one, from the run's model. */
  biases: Map<string, Tensor>;
  /** Compute time of the last run, in the worker. */
  elapsedMs?: number;
  /** What the user waited: from the edit (or image, scale, backend change) to its result arriving. */
  waitMs?: number;
  backend?: BackendChoice;
  adapter?: string;
  failure?: RunFailure;
  /** Issues of the last failed run by node id, for marking nodes in the editor. */
  issuesByNode: Map<string, PipelineIssue[]>;
  /** Gradient mode: the gradients of the last successful run (absent when it was not asked for). */
  gradients?: GradientResult;
}

// No added delay: changes made in one task are one request (the effect's cleanup clears the
// timer), and later ones wait for the running one (see PipelineRunner). A 16 ms debounce here
// was a third of the 50 ms an edit may take from keystroke to pixels.
const DEBOUNCE_MS = 0;
const createWorker = () => new Worker(new URL('./pipeline-worker.ts', import.meta.url), { type: 'module', name: 'convstudio-pipeline' });

/**
 * Re-runs the pipeline off the UI thread whenever it, the image, the scale or the backend
 * changes (debounced); a newer edit cancels a stale run. `onGpuUnavailable` is called when
 * WebGPU cannot start, so the studio can say why and switch back to the CPU.
 */
export function useLiveRun(
  request: { pipeline: Pipeline; image?: StudioImage; scale: InputScale; backend: BackendChoice; fit?: ImageFit; gradient?: GradientRequest; matrix?: MatrixInput },
  onGpuUnavailable: (message: string) => void,
): LiveRun {
  const runner = useRef<PipelineRunner | undefined>(undefined);
  const [run, setRun] = useState<LiveRun>({ status: 'idle', outputs: new Map(), weights: new Map(), biases: new Map(), issuesByNode: new Map() });
  // The latest callback, read when a run ends (not a reason to re-run).
  const fallback = useRef(onGpuUnavailable);
  useEffect(() => {
    fallback.current = onGpuUnavailable;
  }, [onGpuUnavailable]);

  useEffect(() => {
    const created = new PipelineRunner(createWorker);
    runner.current = created;
    return () => created.dispose();
  }, []);

  useEffect(() => {
    if (request.image) runner.current?.setImage(request.image.image);
  }, [request.image]);

  const { pipeline, image, scale, backend, fit, gradient, matrix } = request;
  useEffect(() => {
    if (!image || !runner.current) return;
    const active = runner.current;
    const requestedAt = performance.now();
    const timer = setTimeout(async () => {
      setRun((previous) => ({ ...previous, status: 'running' }));
      // A big net opened cold shows its first layers as soon as they are computed; the other
      // nodes say "not computed yet" until the whole result comes.
      const showLeading = (leading: { id: string; shape: number[]; data: Float32Array }[]) =>
        setRun((previous) => ({ ...previous, status: 'running', outputs: new Map(leading.map((o) => [o.id, new Tensor(o.data, o.shape)])) }));
      const outcome = await active.run(pipeline, scale, backend, fit, gradient, matrix, showLeading);
      if (outcome.status === 'superseded') return;
      if (outcome.status === 'failed') {
        if (outcome.failure.gpuUnavailable) fallback.current(outcome.failure.message);
        setRun((previous) => ({ ...previous, status: 'failed', failure: outcome.failure, issuesByNode: groupIssues(outcome.failure.issues) }));
        return;
      }
      const tensors = (list: typeof outcome.outputs) => new Map(list.map((o) => [o.id, new Tensor(o.data, o.shape)]));
      setRun({ status: 'done', outputs: tensors(outcome.outputs), weights: tensors(outcome.weights), biases: tensors(outcome.biases), elapsedMs: outcome.elapsedMs, waitMs: performance.now() - requestedAt, backend: outcome.backend, adapter: outcome.adapter, issuesByNode: new Map(), ...(outcome.gradients ? { gradients: outcome.gradients } : {}) });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [pipeline, image, scale, backend, fit, gradient, matrix]);

  return run;
}

function groupIssues(issues: readonly PipelineIssue[]): Map<string, PipelineIssue[]> {
  const byNode = new Map<string, PipelineIssue[]>();
  for (const issue of issues) {
    if (!issue.nodeId) continue;
    byNode.set(issue.nodeId, [...(byNode.get(issue.nodeId) ?? []), issue]);
  }
  return byNode;
}
