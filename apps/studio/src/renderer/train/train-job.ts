import {
  applyDatasetFit, createModel, datasetFit, diagnose, formatDiagnosis, loadMnist, PipelineError, Tensor, train,
  type CancelSignal, type EpochMetrics, type Pipeline, type TrainingProgress,
} from '@convstudio/core';
import type { TrainedLayer, TrainSettings } from './train-protocol.js';

export interface TrainCallbacks {
  onProgress(progress: TrainingProgress): void;
  onEpoch(metrics: EpochMetrics): void;
}

/**
 * Trains a pipeline on MNIST with the core's trainer and returns every trained layer's values,
 * the history and the core's saturation diagnosis. Runs in the training worker; plain code, so
 * it is tested in Node.
 *
 * @example
 * const result = await trainPipeline(mnistCnn(), { task: 'digits', samples: 2000, epochs: 2, batchSize: 32, optimizer: 'adam', learningRate: 1e-3 }, callbacks);
 */
export async function trainPipeline(pipeline: Pipeline, settings: TrainSettings, callbacks: TrainCallbacks, signal?: CancelSignal) {
  const model = createModel(pipeline);
  const [inChannels, height, width] = model.shapes.byId.get(model.inputId)?.shapes.output ?? [];
  const { train: trainSet, test, classes } = await loadMnist({ task: settings.task, limit: settings.samples, testFraction: 0.2, seed: 1 });
  // Core's rules: digits are padded (LeNet-5's 32x32) or resized to the input, grayscale repeated
  // for RGB nets, one score per class; the worker's caller shows the notices.
  const [, channels, mnistHeight, mnistWidth] = trainSet.images.shape;
  const fit = datasetFit(model.shapes, model.outputId, { name: 'MNIST', channels, height: mnistHeight, width: mnistWidth, classes: classes.length }, { size: 'resize', scores: 'exact', channels: 'replicate', pad: true });
  if (!fit.ok) throw new PipelineError(fit.issues);
  const validation = applyDatasetFit(test, fit);
  const result = await train(
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
  const layers: TrainedLayer[] = [];
  for (const [id, { weight, bias }] of model.parameters) {
    if (weight) layers.push({ id, weight: Array.from(weight.data), ...(bias ? { bias: Array.from(bias.data) } : {}) });
  }
  // The document's saturation indicators on a batch of held-out digits.
  const probeCount = Math.min(64, validation.images.shape[0]);
  const probeImages = new Tensor(validation.images.data.slice(0, probeCount * inChannels * height * width), [probeCount, inChannels, height, width]);
  const diagnosis = diagnose(model, probeImages, { history: result.history });
  return { ...result, layers, diagnosis, diagnosisText: formatDiagnosis(diagnosis), notices: fit.notices };
}
