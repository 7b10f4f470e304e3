import type { ImageFit, Pipeline, PipelineIssue, Tensor } from '@convstudio/core';
import { useEffect, useRef, useState } from 'react';
import type { StudioImage } from '../state/studio-state.js';
import { PipelineRunner } from './pipeline-runner.js';
import { keptTensors, outputStructure } from './kept-tensors.js';
import type { BackendChoice, InputScale, MatrixInput, NodeOutput, RunFailure } from './run-protocol.js';
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

const createWorker = () => new Worker(new URL('./pipeline-worker.ts', import.meta.url), { type: 'module', name: 'convstudio-pipeline' });

/**
 * Re-runs the pipeline off the UI thread whenever it, the image, the scale or the backend
 * changes, with no delay; a newer edit supersedes a stale run. `onGpuUnavailable` is called when
 * WebGPU cannot start, so the studio can say why and switch back to the CPU.
 */
export function useLiveRun(
  request: { pipeline: Pipeline; image?: StudioImage; scale: InputScale; backend: BackendChoice; fit?: ImageFit; gradient?: GradientRequest; matrix?: MatrixInput },
  onGpuUnavailable: (message: string) => void,
): LiveRun {
  const runner = useRef<PipelineRunner | undefined>(undefined);
  const [run, setRun] = useState<LiveRun>({ status: 'idle', outputs: new Map(), weights: new Map(), biases: new Map(), issuesByNode: new Map() });
  // The graph (outputStructure) whose outputs the last result holds.
  const shown = useRef<string | undefined>(undefined);
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
    // Posted here, in the effect, with no timer: React runs this effect before the keystroke's
    // task ends (a discrete event), so the worker starts while the page paints; a setTimeout(0)
    // waited behind that paint, a frame of the 50 ms an edit may take. Changes made in one task
    // are one render and so one request; later ones wait for the running one (PipelineRunner).
    void (async () => {
      // Early outputs (a big net's first layers, the layer an edit changed) join the last
      // result's other maps when they are of the same graph; a new graph shows them alone.
      const structure = outputStructure(pipeline);
      const early = (leading: NodeOutput[]) => setRun((previous) => ({ ...previous, status: 'running', outputs: keptTensors(previous.outputs, leading, structure === shown.current) }));
      const pending = active.run(pipeline, scale, backend, fit, gradient, matrix, early);
      setRun((previous) => ({ ...previous, status: 'running' }));
      const outcome = await pending;
      if (outcome.status === 'superseded') return;
      if (outcome.status === 'failed') {
        if (outcome.failure.gpuUnavailable) fallback.current(outcome.failure.message);
        setRun((previous) => ({ ...previous, status: 'failed', failure: outcome.failure, issuesByNode: groupIssues(outcome.failure.issues) }));
        return;
      }
      const waitMs = performance.now() - requestedAt;
      shown.current = structure;
      // Unchanged maps keep their tensors, so only the layers an edit reached are drawn again.
      setRun((previous) => ({ status: 'done', outputs: keptTensors(previous.outputs, outcome.outputs), weights: keptTensors(previous.weights, outcome.weights), biases: keptTensors(previous.biases, outcome.biases), elapsedMs: outcome.elapsedMs, waitMs, backend: outcome.backend, adapter: outcome.adapter, issuesByNode: new Map(), ...(outcome.gradients ? { gradients: outcome.gradients } : {}) }));
    })();
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
