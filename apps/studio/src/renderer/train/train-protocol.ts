import type { Diagnosis, EpochMetrics, Pipeline, TrainingProgress } from '@convstudio/core';
import type { RunFailure } from '../run/run-protocol.js';

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

/** One trained layer's parameters, flat row-major, ready to store in the pipeline. */
export interface TrainedLayer {
  id: string;
  weight: number[];
  bias?: number[];
}

export type ToTrainWorker = { type: 'train'; pipeline: Pipeline; settings: TrainSettings } | { type: 'cancel' };

export type FromTrainWorker =
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
