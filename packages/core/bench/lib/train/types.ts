/**
 * The MNIST training benchmark's shared shapes: the setting every implementation trains with and
 * what each run reports.
 */
import type { LabelledData } from '../../../src/index.ts';

export interface TrainSettings {
  epochs: number;
  /** Epochs for the tfjs peers (at most `epochs`); time per epoch is the compared number. */
  peerEpochs: number;
  /** Epochs for tfjs-cpu (at most `peerEpochs`): its conv weight gradient makes one epoch take minutes. */
  cpuEpochs: number;
  batchSize: number;
  learningRate: number;
}

export interface MnistData {
  train: LabelledData;
  test: LabelledData;
}

export interface TrainRun {
  /** Row title in the report. */
  name: string;
  /** Wall-clock time of each training epoch (test evaluation excluded), ms. */
  epochMs: number[];
  /** Test accuracy after each epoch. */
  testAccuracy: number[];
  /** Mean training loss of each epoch, as the implementation reports it. */
  trainLoss: number[];
  /** Why there is no run (the backend cannot train this network). */
  na?: string;
  /** A caveat printed under the table. */
  note?: string;
}

/** Labels as one-hot rows, for losses that take probabilities per class. */
export function oneHot(labels: Int32Array, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  labels.forEach((label, i) => (out[i * classes + label] = 1));
  return out;
}
