import type { CancelSignal } from '../nn/cancel.js';
import { createModel, type Model } from '../nn/model.js';
import type { ParameterStore } from '../nn/parameters.js';
import type { Pipeline } from '../nn/pipeline-types.js';
import { evaluate, train, type EpochMetrics, type LabelledData, type TrainingProgress } from '../nn/train.js';
import { encodeWeightsSidecar, decodeWeightsSidecar, type NamedTensors } from '../project/weights-sidecar.js';
import { Tensor } from '../tensor.js';
import { indicatorSnapshot, type IndicatorSnapshot } from './indicators.js';
import type { SweepSpec } from './sweep-spec.js';

/** One run of a sweep: a variant's pipeline with one seed, and the sweep's shared recipe. */
export interface RunJob {
  /** Unique within the sweep: `<variantId>/s<seed>`. */
  key: string;
  variantId: string;
  pipeline: Pipeline;
  seed: number;
  training: SweepSpec['training'];
}

/** The images every run of a sweep trains, validates and is tested on. */
export interface RunData {
  train: LabelledData;
  validation: LabelledData;
  test: LabelledData;
  /** The first images of the validation set, for indicator snapshots. */
  probe: LabelledData;
}

/** What a run reports after each epoch: a store writes this in one transaction. */
export interface EpochRecord {
  metrics: EpochMetrics;
  snapshot: IndicatorSnapshot;
  /** The weights after this epoch, CSWB v2 bytes. */
  weights: Uint8Array;
}

export interface RunCallbacks {
  signal?: CancelSignal;
  onProgress?: (progress: TrainingProgress) => void;
  onEpoch?: (record: EpochRecord) => void | Promise<void>;
}

/** How a run ended. */
export interface RunResult {
  history: EpochMetrics[];
  cancelled: boolean;
  test?: { loss: number; accuracy: number };
  /** Final weights, CSWB v2 bytes. */
  weights: Uint8Array;
}

/** The model's weights and buffers as named tensors: `<node>.weight`, `<node>.bias`, `<node>.<buffer>`. */
export function modelTensors(model: Model): NamedTensors {
  const tensors: NamedTensors = new Map();
  const add = (name: string, t: Tensor | undefined) => t && tensors.set(name, { shape: [...t.shape], data: Float32Array.from(t.data) });
  for (const [id, { weight, bias }] of model.parameters) {
    add(`${id}.weight`, weight);
    add(`${id}.bias`, bias);
  }
  for (const [id, record] of model.buffers()) for (const [name, t] of Object.entries(record)) add(`${id}.${name}`, t);
  return tensors;
}

/** Parameters from CSWB bytes, for resuming or reopening a run; throws if they belong to another structure. */
export function parametersFromWeights(model: Model, bytes: Uint8Array): ParameterStore {
  const decoded = decodeWeightsSidecar(bytes, 'stored run weights');
  if (decoded.pipelineHash !== model.hash) throw new Error(`stored run weights: were saved for pipeline ${decoded.pipelineHash}, this run's pipeline is ${model.hash}`);
  const store: ParameterStore = new Map();
  for (const [id, { weight, bias }] of model.parameters) {
    const take = (slot: string, like: Tensor | undefined) => {
      if (!like) return undefined;
      const saved = decoded.tensors.get(`${id}.${slot}`);
      if (!saved || saved.data.length !== like.size) throw new Error(`stored run weights: ${id}.${slot} is missing or has the wrong size`);
      return new Tensor(Float32Array.from(saved.data), like.shape);
    };
    store.set(id, { weight: take('weight', weight), bias: take('bias', bias) } as never);
  }
  return store;
}

/**
 * Trains one run of a sweep on the CPU: initialisation and batch order from the run's seed, the
 * sweep's optimizer and budget, an indicator snapshot and the weights after every epoch (handed
 * to `onEpoch`, which a store commits in one transaction), the test set scored at the end.
 * Platform-neutral: it runs in a Node worker thread and in a Web Worker alike.
 *
 * @example
 * const result = await runVariant(job, data, { onEpoch: (r) => store.addEpoch(runId, r) });
 */
export async function runVariant(job: RunJob, data: RunData, callbacks: RunCallbacks = {}): Promise<RunResult> {
  const model = createModel({ ...job.pipeline, seed: job.seed });
  const { history, cancelled } = await train(model, { train: data.train, validation: data.validation }, {
    epochs: job.training.epochs,
    batchSize: job.training.batchSize,
    optimizer: job.training.optimizer.kind === 'adam' ? { kind: 'adam', learningRate: job.training.optimizer.learningRate ?? 0.001 } : { ...job.training.optimizer },
    seed: job.seed,
    signal: callbacks.signal,
    onProgress: callbacks.onProgress,
    onEpochEnd: async (metrics) => {
      const snapshot = indicatorSnapshot(model, data.probe, metrics.epoch);
      await callbacks.onEpoch?.({ metrics, snapshot, weights: encodeWeightsSidecar(modelTensors(model), model.hash) });
    },
  });
  const weights = encodeWeightsSidecar(modelTensors(model), model.hash);
  if (cancelled) return { history, cancelled, weights };
  return { history, cancelled, weights, test: await evaluate(model, data.test) };
}
