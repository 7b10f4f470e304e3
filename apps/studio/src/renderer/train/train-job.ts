import {
  createModel, datasetFit, diagnose, formatDiagnosis, loadMnist, PipelineError, resizePlanes, Tensor, train,
  type CancelSignal, type Dataset, type EpochMetrics, type Pipeline, type TrainingProgress,
} from '@convstudio/core';
import type { TrainedLayer, TrainSettings } from './train-protocol.js';

export interface TrainCallbacks {
  onProgress(progress: TrainingProgress): void;
  onEpoch(metrics: EpochMetrics): void;
}

/** MNIST images resized to the pipeline's input size (LeNet-5 takes 32x32). */
function fitImages(data: Dataset, height: number, width: number): Dataset {
  const [n, , h, w] = data.images.shape;
  if (h === height && w === width) return data;
  const resized = resizePlanes(data.images.data, n, h, w, height, width);
  return { ...data, images: new Tensor(resized, [n, 1, height, width]) };
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
  const [, height, width] = model.shapes.byId.get(model.inputId)?.shapes.output ?? [];
  const { train: trainSet, test, classes } = await loadMnist({ task: settings.task, limit: settings.samples, testFraction: 0.2, seed: 1 });
  // Core's rules: MNIST is grayscale, digits are resized to any input size, one score per class.
  const [, channels, mnistHeight, mnistWidth] = trainSet.images.shape;
  const fit = datasetFit(model.shapes, model.outputId, { name: 'MNIST', channels, height: mnistHeight, width: mnistWidth, classes: classes.length }, { size: 'resize', scores: 'exact' });
  if (!fit.ok) throw new PipelineError(fit.issues);
  const validation = fitImages(test, height, width);
  const result = await train(
    model,
    { train: fitImages(trainSet, height, width), validation },
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
  const probeImages = new Tensor(validation.images.data.slice(0, probeCount * height * width), [probeCount, 1, height, width]);
  const diagnosis = diagnose(model, probeImages, { history: result.history });
  return { ...result, layers, diagnosis, diagnosisText: formatDiagnosis(diagnosis) };
}
