// Runs in a Node worker thread (see train-worker.test.ts): the same train() the studio runs in
// a Web Worker, driven by messages, with cancellation through an AbortController.
import { parentPort } from 'node:worker_threads';
import { syntheticNine, syntheticSix } from '../data/synthetic-digits.js';
import { Tensor } from '../tensor.js';
import { createModel } from './model.js';
import { chainPipeline } from './chain-pipeline.fixture.js';
import { train } from './train.js';

const port = parentPort;
if (!port) throw new Error('train-worker.fixture must run in a worker thread');
const controller = new AbortController();

port.on('message', async (message: { type: 'start'; epochs: number } | { type: 'cancel' }) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  const images = new Float32Array(2 * 784);
  images.set(syntheticSix().data.map((v) => v / 255));
  images.set(syntheticNine().data.map((v) => v / 255), 784);
  const model = createModel(
    chainPipeline([1, 28, 28], [
      { kind: 'conv2d', params: { outChannels: 2, kernelSize: 5 } },
      { kind: 'relu', params: {} },
      { kind: 'flatten', params: {} },
      { kind: 'linear', params: { outFeatures: 2 } },
    ] as never),
  );
  const result = await train(model, { train: { images: new Tensor(images, [2, 1, 28, 28]), labels: Int32Array.of(0, 1) } }, {
    epochs: message.epochs,
    batchSize: 2,
    optimizer: { kind: 'sgd', learningRate: 0.05 },
    signal: controller.signal,
    onProgress: (progress) => port.postMessage({ type: 'progress', progress }),
  });
  port.postMessage({ type: 'done', result });
});
