import {
  applyDatasetFit, compilePipeline, datasetFit, diagnose, formatDiagnosis, initParameters, loadMnist, Model, PipelineError, pipelineIssue, Tensor, train, withBackend,
  type Backend, type CancelSignal, type EpochMetrics, type Pipeline, type TrainingProgress,
} from '@convstudio/core';
import { withBuffers, type LayerValuesMessage } from '../run/layer-values.js';
import type { FromTrainWorker, TrainedLayer, TrainSettings } from './train-protocol.js';

export interface TrainCallbacks {
  onProgress(progress: TrainingProgress): void;
  onEpoch(metrics: EpochMetrics): void;
}

/**
 * The model of a pipeline whose layers' values came beside it as Float32Arrays (packLayerValues):
 * those become the tensors (no copy); other layers are built as core builds them.
 */
function modelWithValues(pipeline: Pipeline, values: readonly LayerValuesMessage[]): Model {
  const plan = compilePipeline(pipeline);
  if (!plan.ok) throw new PipelineError(plan.issues);
  const parameters = initParameters(plan.pipeline, plan.report);
  for (const { id, weight, bias } of values) {
    const entry = plan.report.byId.get(id);
    if (!entry) continue;
    const fit = (slot: 'weight' | 'bias', data: Float32Array | undefined, shape: number[] | undefined) => {
      if (!data || !shape) return {};
      const size = shape.reduce((a, b) => a * b, 1);
      if (data.length !== size) throw new PipelineError([pipelineIssue(slot === 'weight' ? 'weight.values' : 'biasValues', `needs ${size} values for shape [${shape.join(',')}], got ${data.length}`, entry.node)]);
      return { [slot]: new Tensor(data, shape) };
    };
    parameters.set(id, { ...parameters.get(id), ...fit('weight', weight, entry.shapes.weight), ...fit('bias', bias, entry.shapes.bias) });
  }
  // Running statistics too: training goes on from them, and evaluation uses them.
  return withBuffers(new Model(plan.pipeline, plan.report, parameters), values);
}

/**
 * The worker's last message for a finished (or cancelled) run, with the trained layers' buffers
 * to transfer: the page gets Float32Arrays, and structured cloning never walks the values.
 *
 * @example
 * const { message, transfer } = doneMessage(await trainPipeline(pipeline, settings, callbacks));
 * self.postMessage(message, transfer);
 */
export function doneMessage(result: Awaited<ReturnType<typeof trainPipeline>>): { message: Extract<FromTrainWorker, { type: 'done' }>; transfer: ArrayBuffer[] } {
  const transfer = result.layers.flatMap((l) => [l.weight.buffer as ArrayBuffer, ...(l.bias ? [l.bias.buffer as ArrayBuffer] : []), ...Object.values(l.buffers ?? {}).map((b) => b.buffer as ArrayBuffer)]);
  return {
    message: { type: 'done', cancelled: result.cancelled, history: result.history, layers: result.layers, diagnosis: result.diagnosis, diagnosisText: result.diagnosisText, notices: result.notices },
    transfer,
  };
}

/**
 * Trains a pipeline on MNIST with the core's trainer, starting from `values` (the studio's
 * trained or typed weights, packed beside the pipeline) where given, and returns every trained
 * layer's values (Float32Arrays), the history and the core's saturation diagnosis. Runs in the training worker; plain code, so
 * it is tested in Node. `backend` (the worker's WebGPU one) runs the training and the validation
 * scores; the diagnosis reads values on the CPU, where core's train leaves the parameters.
 *
 * @example
 * const result = await trainPipeline(mnistCnn(), { task: 'digits', samples: 2000, epochs: 2, batchSize: 32, optimizer: 'adam', learningRate: 1e-3 }, callbacks);
 */
export async function trainPipeline(pipeline: Pipeline, settings: TrainSettings, callbacks: TrainCallbacks, signal?: CancelSignal, values: readonly LayerValuesMessage[] = [], backend?: Backend) {
  const model = modelWithValues(pipeline, values);
  const [inChannels, height, width] = model.shapes.byId.get(model.inputId)?.shapes.output ?? [];
  const { train: trainSet, test, classes } = await loadMnist({ task: settings.task, limit: settings.samples, testFraction: 0.2, seed: 1 });
  // Core's rules: digits are padded (LeNet-5's 32x32) or resized to the input, grayscale repeated
  // for RGB nets, one score per class; the worker's caller shows the notices.
  const [, channels, mnistHeight, mnistWidth] = trainSet.images.shape;
  const fit = datasetFit(model.shapes, model.outputId, { name: 'MNIST', channels, height: mnistHeight, width: mnistWidth, classes: classes.length }, { size: 'resize', scores: 'exact', channels: 'replicate', pad: true });
  if (!fit.ok) throw new PipelineError(fit.issues);
  const validation = applyDatasetFit(test, fit);
  const run = () => train(
    model,
    { train: applyDatasetFit(trainSet, fit), validation },
    {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      optimizer: settings.optimizer === 'adam' ? { kind: 'adam', learningRate: settings.learningRate } : { kind: 'sgd', learningRate: settings.learningRate, momentum: 0.9 },
      seed: 1,
      signal,
      onProgress: callbacks.onProgress,
      onEpochEnd: callbacks.onEpoch,
    },
  );
  const result = await (backend ? withBackend(backend, run) : run());
  const layers: TrainedLayer[] = [];
  const modelBuffers = model.buffers();
  for (const [id, { weight, bias }] of model.parameters) {
    // Copies of their own: a tensor's data may be a view on a larger buffer, and each is transferred.
    // Buffers (a batch norm's running statistics) come back too: evaluation needs the trained ones.
    const record = modelBuffers.get(id);
    const buffers = record && Object.keys(record).length > 0 ? Object.fromEntries(Object.entries(record).map(([name, t]) => [name, t.data.slice()])) : undefined;
    if (weight) layers.push({ id, weight: weight.data.slice(), ...(bias ? { bias: bias.data.slice() } : {}), ...(buffers ? { buffers } : {}) });
  }
  // The document's saturation indicators on a batch of held-out digits.
  const probeCount = Math.min(64, validation.images.shape[0]);
  const probeImages = new Tensor(validation.images.data.slice(0, probeCount * inChannels * height * width), [probeCount, inChannels, height, width]);
  const diagnosis = diagnose(model, probeImages, { history: result.history });
  return { ...result, layers, diagnosis, diagnosisText: formatDiagnosis(diagnosis), notices: fit.notices };
}
