import { fail, formatShape } from '../errors.js';
import { batched, getBackend } from '../backend-registry.js';
import { crossEntropy, crossEntropyBackward } from '../ops/cross-entropy.js';
import { createRandom } from '../random.js';
import { StepBuffers } from '../step-buffers.js';
import { Tensor, tidy } from '../tensor.js';
import type { LayerParameters } from './layers/index.js';
import type { CancelSignal } from './cancel.js';
import type { Model } from './model.js';
import { createOptimizer, type OptimizerConfig, type OptimizerState } from './optimizers.js';
import { now, yieldToHost } from './timers.js';

/** Labelled images: `[N, C, H, W]` and one class per sample (or per pixel for dense maps). */
export interface LabelledData {
  images: Tensor;
  labels: Int32Array;
}

/** Reported after every batch. */
export interface TrainingProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean training loss of this epoch so far. */
  loss: number;
  elapsedMs: number;
  /** Estimated time left for the whole run. */
  etaMs: number;
}

/** Reported after every epoch. */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  validationLoss?: number;
  validationAccuracy?: number;
  durationMs: number;
}

export interface TrainOptions {
  epochs: number;
  batchSize?: number;
  optimizer: OptimizerConfig;
  /** Seed of the batch shuffling. */
  seed?: number;
  /** Stops between batches; the run then resolves with `cancelled: true` and the history so far. */
  signal?: CancelSignal;
  onProgress?: (progress: TrainingProgress) => void;
  /**
   * After each epoch (parameters on the CPU). `checkpoint()` reads what {@link TrainOptions.resume}
   * needs to continue from here: call it only where it is kept (it copies the optimizer's state),
   * and after the callback's own uses of the model.
   */
  onEpochEnd?: (metrics: EpochMetrics, checkpoint: () => Promise<TrainCheckpoint>) => void | Promise<void>;
  /**
   * Continue a run stopped after `epochsDone` epochs, the model already holding that epoch's
   * parameters and buffers: the batch order and dropout go on from there, the optimizer from its
   * state, so the result equals the run never stopped. Epochs count from 1 as before; `history`
   * holds only the epochs trained now.
   */
  resume?: TrainCheckpoint;
}

/** Where a training run stands at an epoch's end (see {@link TrainOptions.resume}). */
export interface TrainCheckpoint {
  epochsDone: number;
  optimizer: OptimizerState;
  /** The model's forward passes so far (they seed dropout). */
  forwardCount: number;
}

export interface TrainingResult {
  history: EpochMetrics[];
  cancelled: boolean;
}

/**
 * The node whose output is trained with cross-entropy: the output node, or its input when the
 * output is a softmax (cross-entropy applies log-softmax itself, which is stabler).
 */
export function logitsNodeOf(model: Model): string {
  const output = model.shapes.byId.get(model.outputId);
  return output?.node.kind === 'softmax' ? output.inputIds[0] : model.outputId;
}

function labelsPerSample(model: Model, logitsId: string): number {
  const shape = model.shapes.byId.get(logitsId)?.shapes.output ?? [];
  return shape.slice(1).reduce((a, b) => a * b, 1);
}

function slice(data: LabelledData, indices: ArrayLike<number>, perSample: number): LabelledData {
  const [, c, h, w] = data.images.shape;
  const size = c * h * w;
  const images = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length * perSample);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    images.set(data.images.data.subarray(j * size, (j + 1) * size), i * size);
    labels.set(data.labels.subarray(j * perSample, (j + 1) * perSample), i * perSample);
  }
  return { images: new Tensor(images, [indices.length, c, h, w]), labels };
}

function correctCount(values: Float32Array, shape: readonly number[], labels: Int32Array): number {
  const [n, classes] = shape;
  const inner = values.length / (n * classes);
  let correct = 0;
  for (let s = 0; s < n; s++) {
    for (let p = 0; p < inner; p++) {
      let best = 0;
      for (let c = 1; c < classes; c++) {
        if (values[(s * classes + c) * inner + p] > values[(s * classes + best) * inner + p]) best = c;
      }
      if (best === labels[s * inner + p]) correct++;
    }
  }
  return correct;
}

function checkData(model: Model, data: LabelledData, what: string, perSample: number): void {
  model.checkInput(data.images);
  if (data.labels.length !== data.images.shape[0] * perSample) {
    fail('train', `${what}.labels`, `must hold ${perSample} label(s) per image (${data.images.shape[0] * perSample} in all) for images ${formatShape(data.images.shape)}, got ${data.labels.length}`);
  }
}

/**
 * Queues a batch's forward pass (and, with an optimizer, its backward pass and update) and
 * only then reads back what is reported: the loss scalar and the logits for the argmax. So a
 * step on a device backend reads nothing back in between, and its intermediate tensors are
 * freed at once.
 */
async function runBatch(
  model: Model,
  logitsId: string,
  batch: LabelledData,
  buffers: StepBuffers,
  update?: (grads: Map<string, LayerParameters>) => void,
): Promise<{ loss: number; correct: number }> {
  // One batch: a device backend submits forward, loss, backward and optimizer step together.
  const [loss, logits] = buffers.run(() => batched(() => tidy(() => {
    // Training steps run in train mode (dropout, running statistics); evaluation in eval mode.
    const activations = model.forward(batch.images, { mode: update ? 'train' : 'eval' });
    const out = activations.get(logitsId) as Tensor;
    const value = crossEntropy(out, batch.labels);
    if (update) update(model.parameterGradients(activations, crossEntropyBackward(out, batch.labels), logitsId));
    return [value, out];
  })));
  try {
    const [lossValue] = await loss.read();
    return { loss: lossValue, correct: correctCount(await logits.read(), logits.shape, batch.labels) };
  } finally {
    loss.dispose();
    logits.dispose();
    // Every other tensor of the step is gone with this call; what the model keeps stays its own.
    buffers.recycle(keptArrays(model));
  }
}

/** The CPU arrays a model holds across steps (parameters and buffers): never reused for outputs. */
function* keptArrays(model: Model): Iterable<Float32Array> {
  for (const params of model.parameters.values()) {
    for (const t of Object.values(params)) if (t && !t.isOnDevice) yield t.data;
  }
  for (const named of model.buffers().values()) {
    for (const t of Object.values(named)) if (!t.isOnDevice) yield t.data;
  }
}

/**
 * Mean cross-entropy and accuracy of a model on labelled data, in batches, on the active
 * backend (parameters may live on it or on the CPU).
 *
 * @example
 * const { loss, accuracy } = await evaluate(model, test);
 */
export async function evaluate(model: Model, data: LabelledData, batchSize = 256): Promise<{ loss: number; accuracy: number }> {
  const logitsId = logitsNodeOf(model);
  const perSample = labelsPerSample(model, logitsId);
  checkData(model, data, 'data', perSample);
  const n = data.images.shape[0];
  let loss = 0;
  let correct = 0;
  const buffers = new StepBuffers();
  for (let start = 0; start < n; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const result = await runBatch(model, logitsId, slice(data, indices, perSample), buffers);
    loss += result.loss * indices.length;
    correct += result.correct;
  }
  return { loss: loss / n, accuracy: correct / (n * perSample) };
}

/**
 * Trains a model with cross-entropy on mini-batches: SGD with momentum or Adam, per-epoch
 * metrics, progress after every batch and cancellation between batches. Uses only the core and
 * standard JavaScript, so the same loop runs in a Web Worker or a Node worker thread.
 * Frozen layers keep their weights. Runs on the active backend: on a GPU backend the parameters
 * move there for the run (and back to the CPU before `onEpochEnd` and at the end, so callbacks can
 * save weights), and each step reads back only its loss and logits.
 *
 * @example
 * const { history } = await train(model, { train, validation }, { epochs: 3, optimizer: { kind: 'adam', learningRate: 1e-3 } });
 */
export async function train(model: Model, data: { train: LabelledData; validation?: LabelledData }, options: TrainOptions): Promise<TrainingResult> {
  const { epochs, batchSize = 32, seed = 0, signal, onProgress, onEpochEnd } = options;
  if (!Number.isInteger(epochs) || epochs < 1) fail('train', 'epochs', `must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) fail('train', 'batchSize', `must be a positive integer, got ${batchSize}`);
  const logitsId = logitsNodeOf(model);
  const perSample = labelsPerSample(model, logitsId);
  checkData(model, data.train, 'train', perSample);
  if (data.validation) checkData(model, data.validation, 'validation', perSample);
  const backend = getBackend();
  const { resume } = options;
  if (resume && !(Number.isInteger(resume.epochsDone) && resume.epochsDone >= 0 && resume.epochsDone <= epochs)) {
    fail('train', 'resume.epochsDone', `must be a whole number from 0 to epochs (${epochs}), got ${String(resume.epochsDone)}`);
  }
  const optimizer = createOptimizer(options.optimizer, resume?.optimizer);
  if (resume) model.forwardCount = resume.forwardCount;
  const skipped = resume?.epochsDone ?? 0;
  const frozen = new Set(model.pipeline.nodes.filter((n) => 'frozen' in n && n.frozen).map((n) => n.id));
  const update = (grads: Map<string, LayerParameters>) => optimizer.step(model.parameters, grads, frozen);
  const rng = createRandom(seed);
  const n = data.train.images.shape[0];
  const batches = Math.ceil(n / batchSize);
  const started = now();
  const history: EpochMetrics[] = [];
  // Kernel outputs reused from step to step (see step-buffers.ts); freed with this call.
  const buffers = new StepBuffers();
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const epochStart = now();
      const order = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      // A resumed run draws the finished epochs' orders only to move the generator on.
      if (resume && epoch <= resume.epochsDone) continue;
      model.toBackend(backend);
      let lossSum = 0;
      let correct = 0;
      for (let b = 0; b < batches; b++) {
        if (signal?.aborted) return { history, cancelled: true };
        const batch = slice(data.train, order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize)), perSample);
        const result = await runBatch(model, logitsId, batch, buffers, update);
        lossSum += result.loss * batch.images.shape[0];
        correct += result.correct;
        const done = (epoch - 1 - skipped) * batches + b + 1;
        const elapsedMs = now() - started;
        onProgress?.({ epoch, epochs, batch: b + 1, batches, loss: lossSum / Math.min(n, (b + 1) * batchSize), elapsedMs, etaMs: (elapsedMs / done) * ((epochs - skipped) * batches - done) });
        await yieldToHost();
      }
      const metrics: EpochMetrics = { epoch, trainLoss: lossSum / n, trainAccuracy: correct / (n * perSample), durationMs: now() - epochStart };
      if (data.validation) {
        const { loss, accuracy } = await evaluate(model, data.validation, Math.max(batchSize, 128));
        metrics.validationLoss = loss;
        metrics.validationAccuracy = accuracy;
      }
      history.push(metrics);
      await model.toCpu();
      // The forward count is read when the checkpoint is taken: the callback's own passes (say, an
      // indicator probe) come before it, as they came before the next epoch's batches.
      await onEpochEnd?.(metrics, async () => ({ epochsDone: epoch, forwardCount: model.forwardCount, optimizer: await optimizer.exportState() }));
    }
    return { history, cancelled: false };
  } finally {
    await model.toCpu();
    optimizer.dispose();
  }
}

/**
 * Splits labelled data into a training and a validation part, shuffled by seed.
 *
 * @example
 * const { train, validation } = splitData(all, 0.1, 42);
 */
export function splitData(data: LabelledData, validationFraction: number, seed = 0): { train: LabelledData; validation: LabelledData } {
  if (!(validationFraction > 0 && validationFraction < 1)) fail('splitData', 'validationFraction', `must be in (0, 1), got ${validationFraction}`);
  const n = data.images.shape[0];
  const perSample = data.labels.length / n;
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = createRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const cut = Math.max(1, Math.round(n * validationFraction));
  return { validation: slice(data, order.slice(0, cut), perSample), train: slice(data, order.slice(cut), perSample) };
}
