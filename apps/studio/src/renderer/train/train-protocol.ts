import type { Diagnosis, EpochMetrics, Pipeline, TrainingProgress } from '@convstudio/core';
import type { LayerValuesMessage } from '../run/layer-values.js';
import type { BackendChoice, RunFailure } from '../run/run-protocol.js';

/** What the studio's training form asks for. */
export interface TrainSettings {
  /** `digits`: ten classes; `sixVsNine`: the document's 6-or-9 question on real MNIST digits. */
  task: 'digits' | 'sixVsNine';
  /** MNIST samples used in all (a fifth held out for validation). */
  samples: number;
  epochs: number;
  batchSize: number;
  optimizer: 'adam' | 'sgd';
  learningRate: number;
}

/** One trained layer's parameters, flat row-major: Float32Arrays transferred from the worker, never JSON numbers. */
export interface TrainedLayer {
  id: string;
  weight: Float32Array;
  bias?: Float32Array;
  /** Non-learnable buffers by name (a batch norm's trained `runningMean`, `runningVar`). */
  buffers?: Record<string, Float32Array>;
}

/**
 * `pipeline` comes without its layers' values; they travel beside it in `values` as transferred
 * Float32Arrays (`packLayerValues`, as for the run worker), and training starts from them.
 */
export type ToTrainWorker = { type: 'train'; pipeline: Pipeline; values: LayerValuesMessage[]; settings: TrainSettings; backend: BackendChoice } | { type: 'cancel' };

/** Where a run trains, sent once before the first batch: the status line names it. */
export interface TrainedOn {
  backend: BackendChoice;
  /** `WebAssembly SIMD, 1 thread` on the CPU; the adapter's name on WebGPU. */
  adapter?: string;
}

export type FromTrainWorker =
  | { type: 'backend'; on: TrainedOn }
  | { type: 'progress'; progress: TrainingProgress }
  | { type: 'epoch'; metrics: EpochMetrics }
  | {
      type: 'done';
      cancelled: boolean;
      history: EpochMetrics[];
      layers: TrainedLayer[];
      /** Core's saturation diagnosis as measured (its typed arrays survive structured cloning). */
      diagnosis: Diagnosis;
      /** The same diagnosis as core's plain text, for copying into a note or an issue. */
      diagnosisText: string;
      /** How the digits were fitted to the input (core's datasetFit): padded, resized, channels repeated. */
      notices: string[];
    }
  | { type: 'error'; failure: RunFailure };
