/**
 * The MNIST CNN rebuilt in @tensorflow/tfjs-layers (NHWC, He-normal init, Adam, softmax
 * cross-entropy on logits, as ours) and trained with `model.fit` on a tfjs backend, timing each
 * epoch; test accuracy is taken after every epoch, outside the timing.
 */
import { performance } from 'node:perf_hooks';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { NCHW_TO_NHWC, permute4, shapeOf } from '@convstudio/bench-meta/layout';
import { type MnistData, oneHot, type TrainRun, type TrainSettings } from '../train/types.ts';
import { type TfBackendName, useTfBackend } from './tfjs.ts';

const CLASSES = 10;

/** conv 8@3x3 same, ReLU, pool 2, conv 16@3x3 same, ReLU, pool 2, flatten, dense 64, ReLU, dense 10 logits. */
export function mnistCnnTfjs(seed: number): tfl.Sequential {
  const init = (i: number) => tfl.initializers.heNormal({ seed: seed + i });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(3) }),
      tfl.layers.dense({ units: CLASSES, kernelInitializer: init(4) }),
    ],
  });
}

function compiled(learningRate: number): tfl.Sequential {
  const model = mnistCnnTfjs(0);
  // Ours: mean cross-entropy of log-softmax(logits); Adam with PyTorch's defaults (epsilon 1e-8).
  model.compile({
    optimizer: tf.train.adam(learningRate, 0.9, 0.999, 1e-8),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
  });
  return model;
}

function toTf(data: MnistData['train']): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const shape = shapeOf(data.images.shape, NCHW_TO_NHWC);
  const x = tf.tensor4d(permute4(data.images.data, data.images.shape, NCHW_TO_NHWC), shape);
  const y = tf.tensor2d(oneHot(data.labels, CLASSES), [data.labels.length, CLASSES]);
  return { x, y };
}

function accuracy(model: tfl.Sequential, x: tf.Tensor4D, labels: Int32Array): number {
  const predicted = tf.tidy(() => tf.argMax(model.predict(x, { batchSize: 256 }) as tf.Tensor, -1));
  const classes = predicted.dataSync();
  predicted.dispose();
  let correct = 0;
  labels.forEach((label, i) => (correct += Number(classes[i] === label)));
  return correct / labels.length;
}

/**
 * One training step on 32 images: the error message when the backend cannot train this network
 * (a missing gradient kernel), or null.
 */
export async function trainingError(backend: TfBackendName, data: MnistData): Promise<string | null> {
  await useTfBackend(backend);
  const model = compiled(1e-3);
  const { x, y } = toTf(data.train);
  const [xb, yb] = [tf.slice(x, 0, 32), tf.slice(y, 0, 32)];
  try {
    await model.trainOnBatch(xb, yb);
    return null;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  } finally {
    tf.dispose([x, y, xb, yb]);
    model.dispose();
  }
}

/** Trains on `backend` for `epochs` epochs with the batch size and learning rate of `settings`; `name` titles the report row. */
export async function trainTfjs(name: string, backend: TfBackendName, data: MnistData, settings: TrainSettings, epochs: number, log: (line: string) => void): Promise<TrainRun & { parameters: number }> {
  await useTfBackend(backend);
  const model = compiled(settings.learningRate);
  const train = toTf(data.train);
  const test = toTf(data.test);
  const run: TrainRun = { name, epochMs: [], testAccuracy: [], trainLoss: [] };
  let epochStart = 0;
  try {
    await model.fit(train.x, train.y, {
      epochs,
      batchSize: settings.batchSize,
      shuffle: true,
      verbose: 0,
      callbacks: {
        onEpochBegin: async () => {
          epochStart = performance.now();
        },
        onEpochEnd: async (epoch, logs) => {
          const ms = performance.now() - epochStart;
          const acc = accuracy(model, test.x, data.test.labels);
          run.epochMs.push(ms);
          run.testAccuracy.push(acc);
          run.trainLoss.push(logs?.loss ?? NaN);
          log(`  epoch ${epoch + 1}: ${(ms / 1000).toFixed(2)} s, train loss ${(logs?.loss ?? NaN).toFixed(4)}, test accuracy ${(acc * 100).toFixed(2)}%`);
        },
      },
    });
    return { ...run, parameters: model.countParams() };
  } finally {
    tf.dispose([train.x, train.y, test.x, test.y]);
    model.dispose();
  }
}
