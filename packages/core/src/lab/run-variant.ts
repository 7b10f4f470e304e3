import type { CancelSignal } from '../nn/cancel.js';
import { createModel, type Model } from '../nn/model.js';
import type { ParameterStore } from '../nn/parameters.js';
import type { Pipeline } from '../nn/pipeline-types.js';
import { evaluate, logitsNodeOf, train, type EpochMetrics, type LabelledData, type TrainCheckpoint, type TrainingProgress } from '../nn/train.js';
import { encodeWeightsSidecar, decodeWeightsSidecar, type NamedTensors } from '../project/weights-sidecar.js';
import { Tensor } from '../tensor.js';
import { indicatorSnapshot, type IndicatorSnapshot } from './indicators.js';
import { clusterFilters, type FilterClusterReport } from '../analysis/filter-clusters.js';
import { denseScores, predictClassMaps } from './dense-scores.js';
import { applyRunDataPlanAll, runDataPlan, type RunDataInfo } from './fit-run-data.js';
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
  /** The data set's name and classes; each run fits the images to its model by core's datasetFit (see fit-run-data.ts). */
  info?: RunDataInfo;
}

/** A run's score on the held-out test set. */
export interface RunTestScore {
  loss: number;
  /** Share of correct answers: per image, or per pixel on segmentation data (every model is scored on the masks there). */
  accuracy: number;
  /** Segmentation data only: mean intersection over union of the class maps. */
  meanIoU?: number;
  /** Segmentation data, whole-image model: its accuracy at naming the digit. */
  imageAccuracy?: number;
}

/** What a run reports after each epoch: a store writes this in one transaction. */
export interface EpochRecord {
  metrics: EpochMetrics;
  snapshot: IndicatorSnapshot;
  /** The weights after this epoch, CSWB v2 bytes. */
  weights: Uint8Array;
  /** Where training stands (optimizer state, batch order, dropout): what {@link RunResume} needs, with these weights. */
  checkpoint: RunCheckpoint;
}

/** A run's training state at an epoch's end, as a store keeps it: counters as numbers, the optimizer's buffers as CSWB v2 bytes. */
export interface RunCheckpoint {
  epochsDone: number;
  forwardCount: number;
  optimizerStep: number;
  /** The optimizer's buffers, named `<node>.<weight|bias>#<i>`. */
  optimizer: Uint8Array;
}

/** Continue a stopped run: the weights and checkpoint of its last finished epoch (see {@link runVariant}). */
export interface RunResume {
  weights: Uint8Array;
  checkpoint: RunCheckpoint;
}

/** The optimizer's buffers as CSWB bytes, tied to the run's pipeline like its weights. */
function encodeCheckpoint(checkpoint: TrainCheckpoint, hash: string): RunCheckpoint {
  const tensors: NamedTensors = new Map();
  for (const [key, buffers] of Object.entries(checkpoint.optimizer.slots)) buffers.forEach((data, i) => tensors.set(`${key}#${i}`, { shape: [data.length], data }));
  return { epochsDone: checkpoint.epochsDone, forwardCount: checkpoint.forwardCount, optimizerStep: checkpoint.optimizer.step, optimizer: encodeWeightsSidecar(tensors, hash) };
}

function decodeCheckpoint(stored: RunCheckpoint, hash: string): TrainCheckpoint {
  const decoded = decodeWeightsSidecar(stored.optimizer, 'stored run checkpoint');
  if (decoded.pipelineHash !== hash) throw new Error(`stored run checkpoint: was saved for pipeline ${decoded.pipelineHash}, this run's pipeline is ${hash}`);
  const slots: Record<string, Float32Array[]> = {};
  for (const [name, t] of decoded.tensors) {
    const cut = name.lastIndexOf('#');
    const key = name.slice(0, cut);
    (slots[key] ??= [])[Number(name.slice(cut + 1))] = Float32Array.from(t.data);
  }
  return { epochsDone: stored.epochsDone, forwardCount: stored.forwardCount, optimizer: { step: stored.optimizerStep, slots } };
}

/** Puts a stored run's weights, biases and buffers (running statistics) into the model, in place; the bytes are decoded once. */
function loadRunWeights(model: Model, bytes: Uint8Array): void {
  const decoded = decodeWeightsSidecar(bytes, 'stored run weights');
  if (decoded.pipelineHash !== model.hash) throw new Error(`stored run weights: were saved for pipeline ${decoded.pipelineHash}, this run's pipeline is ${model.hash}`);
  const put = (name: string, into: Tensor | undefined) => {
    if (!into) return;
    const saved = decoded.tensors.get(name);
    if (!saved || saved.data.length !== into.size) throw new Error(`stored run weights: ${name} is missing or has the wrong size`);
    into.data.set(saved.data);
  };
  for (const [id, { weight, bias }] of model.parameters) {
    put(`${id}.weight`, weight);
    put(`${id}.bias`, bias);
  }
  for (const [id, record] of model.buffers()) for (const [name, t] of Object.entries(record)) put(`${id}.${name}`, t);
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
  test?: RunTestScore;
  /** Final weights, CSWB v2 bytes. */
  weights: Uint8Array;
  /** How the data was changed to fit the model (resized, padded, channels replicated, masks read as digits). */
  notices: string[];
  /** The first conv layer's filters grouped by their maps on the probe images (absent without a conv2d). */
  filters?: FilterClusterReport;
}

/** The probe images on which a finished run's first-layer filters are reviewed: enough for stable correlations, few to keep. */
const FILTER_REVIEW_IMAGES = 64;

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
 * sweep's optimizer and budget, an indicator snapshot, the weights and a checkpoint after every
 * epoch (handed to `onEpoch`, which a store commits in one transaction), the test set scored at
 * the end. With `resume` (an earlier epoch's weights and checkpoint) it trains only the epochs
 * left and ends as the run never stopped would; `history` then holds only those epochs.
 * Platform-neutral: it runs in a Node worker thread and in a Web Worker alike.
 *
 * @example
 * const result = await runVariant(job, data, { onEpoch: (r) => store.addEpoch(runId, r) });
 */
export async function runVariant(job: RunJob, raw: RunData, callbacks: RunCallbacks = {}, resume?: RunResume): Promise<RunResult> {
  const model = createModel({ ...job.pipeline, seed: job.seed });
  if (resume) loadRunWeights(model, resume.weights);
  const info = raw.info ?? { name: 'the data', classes: 0 };
  const planned = runDataPlan(model.shapes, logitsNodeOf(model), raw.train, info);
  if (!planned.ok) throw new Error(`${info.name} does not fit this model: ${planned.issues.map((i) => i.message).join('; ')}`);
  const data = applyRunDataPlanAll(raw, planned);
  const { history, cancelled } = await train(model, { train: data.train, validation: data.validation }, {
    epochs: job.training.epochs,
    batchSize: job.training.batchSize,
    optimizer: job.training.optimizer.kind === 'adam' ? { kind: 'adam', learningRate: job.training.optimizer.learningRate ?? 0.001 } : { ...job.training.optimizer },
    seed: job.seed,
    signal: callbacks.signal,
    onProgress: callbacks.onProgress,
    ...(resume ? { resume: decodeCheckpoint(resume.checkpoint, model.hash) } : {}),
    onEpochEnd: async (metrics, checkpoint) => {
      const snapshot = indicatorSnapshot(model, data.probe, metrics.epoch);
      await callbacks.onEpoch?.({ metrics, snapshot, weights: encodeWeightsSidecar(modelTensors(model), model.hash), checkpoint: encodeCheckpoint(await checkpoint(), model.hash) });
    },
  });
  const weights = encodeWeightsSidecar(modelTensors(model), model.hash);
  const notices = planned.plan.notices;
  if (cancelled) return { history, cancelled, weights, notices };
  const own = await evaluate(model, data.test);
  const filters = filterReview(model, data.probe);
  if (!data.testMasks) return { history, cancelled, weights, notices, test: own, ...filters };
  // Segmentation: every model is scored on the masks, so a CNN and an FCN compare on one scale.
  const scoresPerSample = model.shapes.byId.get(logitsNodeOf(model))?.shapes.output[0] ?? 0;
  let classes = Math.max(info.classes, planned.imageLabels ? scoresPerSample + 1 : scoresPerSample);
  for (const m of data.testMasks) if (m >= classes) classes = m + 1;
  const scores = denseScores(await predictClassMaps(model, data.test), data.testMasks, classes);
  const test: RunTestScore = { loss: own.loss, accuracy: scores.pixelAccuracy, meanIoU: scores.meanIoU, ...(planned.imageLabels ? { imageAccuracy: own.accuracy } : {}) };
  return { history, cancelled, weights, notices, test, ...filters };
}

function filterReview(model: Model, probe: LabelledData): { filters?: FilterClusterReport } {
  if (!model.pipeline.nodes.some((n) => n.kind === 'conv2d')) return {};
  const [n, ...sample] = probe.images.shape;
  const take = Math.min(n, FILTER_REVIEW_IMAGES);
  const size = sample.reduce((a, b) => a * b, 1);
  return { filters: clusterFilters(model, new Tensor(probe.images.data.slice(0, take * size), [take, ...sample])) };
}
