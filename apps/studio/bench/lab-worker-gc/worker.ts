/// <reference lib="webworker" />
// One training thread, as the studio's lab runs them (apps/studio/src/renderer/lab/lab-worker.ts):
// core's `train` on the MNIST CNN, kernels on this thread only. The images are generated (the
// timing does not depend on their values), so the page needs no data set.
import { createCpuBackend, createModel, mnistCnn, setBackend, Tensor, train, wasmKernelsReady } from '@convstudio/core';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async ({ data }: MessageEvent<{ images: number; epochs: number }>) => {
  await wasmKernelsReady();
  setBackend(createCpuBackend({ threads: 1 }));
  const pixels = new Float32Array(data.images * 784);
  let state = 1;
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    pixels[i] = (state >>> 8) / 16777216;
  }
  const labels = Int32Array.from({ length: data.images }, (_, i) => i % 10);
  const model = createModel(mnistCnn());
  const epochMs: number[] = [];
  let start = performance.now();
  await train(model, { train: { images: new Tensor(pixels, [data.images, 1, 28, 28]), labels } }, {
    epochs: data.epochs,
    batchSize: 32,
    optimizer: { kind: 'adam', learningRate: 0.0015 },
    onEpochEnd: () => {
      epochMs.push(performance.now() - start);
      start = performance.now();
    },
  });
  self.postMessage(epochMs);
};
