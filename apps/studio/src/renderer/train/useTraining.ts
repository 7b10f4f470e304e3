import type { Diagnosis, EpochMetrics, Pipeline, TrainingProgress } from '@convstudio/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackendChoice, RunFailure } from '../run/run-protocol.js';
import { packLayerValues } from '../run/layer-values.js';
import type { FromTrainWorker, ToTrainWorker, TrainedLayer, TrainedOn, TrainSettings } from './train-protocol.js';

/** What the training view shows. */
export interface TrainingState {
  status: 'idle' | 'loading' | 'training' | 'done' | 'cancelled' | 'failed';
  progress?: TrainingProgress;
  history: EpochMetrics[];
  /** Core's saturation diagnosis of the trained model, on held-out digits. */
  diagnosis?: Diagnosis;
  /** The diagnosis as core's plain text, for copying. */
  diagnosisText?: string;
  /** How the data was fitted to the input (padded, resized, channels repeated). */
  notices?: string[];
  failure?: RunFailure;
  /** Where the run trains (the worker says so before the first batch). */
  on?: TrainedOn;
}

/** A failure as the Train view says it: a missing WebGPU is this run's error, not a quiet switch to the CPU. */
function trainingFailure(failure: RunFailure): RunFailure {
  if (!failure.gpuUnavailable) return failure;
  return { ...failure, message: `${failure.message.replace(/ Staying on the CPU backend\.$/, '')} Choose the CPU backend to train here.` };
}

/**
 * Trains the pipeline in a worker (the page stays responsive), with progress, cancellation and
 * the trained layers handed to `onTrained` (also after a cancel: what was learned is kept).
 */
export function useTraining(onTrained: (layers: TrainedLayer[], run: { settings: TrainSettings; epochs: number }) => void) {
  const [state, setState] = useState<TrainingState>({ status: 'idle', history: [] });
  const worker = useRef<Worker | undefined>(undefined);
  const trained = useRef(onTrained);
  useEffect(() => {
    trained.current = onTrained;
  }, [onTrained]);
  useEffect(() => () => worker.current?.terminate(), []);

  const start = useCallback((pipeline: Pipeline, settings: TrainSettings, backend: BackendChoice = 'cpu') => {
    worker.current?.terminate();
    const created = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: 'convstudio-training' });
    worker.current = created;
    setState({ status: 'loading', history: [] });
    created.onmessage = ({ data }: MessageEvent<FromTrainWorker>) => {
      if (data.type === 'backend') setState((s) => ({ ...s, on: data.on }));
      else if (data.type === 'progress') setState((s) => ({ ...s, status: 'training', progress: data.progress }));
      else if (data.type === 'epoch') setState((s) => ({ ...s, history: [...s.history, data.metrics] }));
      else if (data.type === 'error') setState((s) => ({ ...s, status: 'failed', failure: trainingFailure(data.failure) }));
      else {
        setState((s) => ({ ...s, status: data.cancelled ? 'cancelled' : 'done', history: data.history, diagnosis: data.diagnosis, diagnosisText: data.diagnosisText, notices: data.notices }));
        trained.current(data.layers, { settings, epochs: data.history.length });
      }
    };
    created.onerror = (event) => setState((s) => ({ ...s, status: 'failed', failure: { message: `the training worker stopped: ${event.message}`, issues: [] } }));
    // The layers' values go as transferred Float32Arrays beside the pipeline, as for the run worker.
    const packed = packLayerValues(pipeline);
    const message: ToTrainWorker = { type: 'train', pipeline: packed.pipeline, values: packed.values, settings, backend };
    created.postMessage(message, packed.transfer);
  }, []);

  const cancel = useCallback(() => worker.current?.postMessage({ type: 'cancel' }), []);
  return { state, start, cancel };
}
