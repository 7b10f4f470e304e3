import { Tensor, type ImageFit, type Pipeline } from '@convstudio/core';
import { useEffect, useRef, useState } from 'react';
import { PipelineRunner } from '../run/pipeline-runner.js';
import type { BackendChoice, InputScale } from '../run/run-protocol.js';
import type { StudioImage } from '../state/studio-state.js';

/** Both pipelines' outputs, or why they are missing. */
export interface CompareRun {
  status: 'idle' | 'running' | 'done' | 'failed';
  cnn?: Map<string, Tensor>;
  fcn?: Map<string, Tensor>;
  message?: string;
}

const createWorker = () => new Worker(new URL('../run/pipeline-worker.ts', import.meta.url), { type: 'module', name: 'convstudio-compare' });

/**
 * Runs two pipelines on the same image in a worker of their own (the studio's live run keeps its
 * worker), one after the other, again whenever the image, scale, backend or either pipeline changes.
 */
export function useCompareRun(cnn: Pipeline, fcn: Pipeline, request: { image?: StudioImage; scale: InputScale; backend: BackendChoice; fit?: ImageFit }): CompareRun {
  const runner = useRef<PipelineRunner | undefined>(undefined);
  const [state, setState] = useState<CompareRun>({ status: 'idle' });
  useEffect(() => {
    const created = new PipelineRunner(createWorker, { patienceMs: 10_000 });
    runner.current = created;
    return () => created.dispose();
  }, []);
  const { image, scale, backend, fit } = request;
  useEffect(() => {
    const active = runner.current;
    if (!image || !active) return;
    let current = true;
    active.setImage(image.image);
    setState((previous) => ({ ...previous, status: 'running' }));
    void (async () => {
      const tensors = (list: { id: string; shape: number[]; data: Float32Array }[]) => new Map(list.map((o) => [o.id, new Tensor(o.data, o.shape)]));
      const a = await active.run(cnn, scale, backend, fit);
      const b = await active.run(fcn, scale, backend, fit);
      if (!current || a.status === 'superseded' || b.status === 'superseded') return;
      if (a.status === 'failed' || b.status === 'failed') {
        setState({ status: 'failed', message: (a.status === 'failed' ? a : b.status === 'failed' ? b : undefined)?.failure.message });
        return;
      }
      setState({ status: 'done', cnn: tensors(a.outputs), fcn: tensors(b.outputs) });
    })();
    return () => {
      current = false;
    };
  }, [cnn, fcn, image, scale, backend, fit]);
  return state;
}
