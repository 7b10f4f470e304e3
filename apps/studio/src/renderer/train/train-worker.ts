/// <reference lib="webworker" />
// The studio's training thread: trains on MNIST with the core's trainer, reports every batch,
// and stops between batches when the page asks (the trainer yields to the event loop there).
// On WebGPU the backend is opened here (WebGPU works in dedicated workers): the page's thread
// never waits on the GPU, and a missing adapter comes back as this run's error.
import { loadGpuBackend } from '../run/gpu-backend.js';
import { describeFailure } from '../run/run-pipeline.js';
import { doneMessage, trainPipeline } from './train-job.js';
import type { FromTrainWorker, ToTrainWorker } from './train-protocol.js';

declare const self: DedicatedWorkerGlobalScope;

let controller: AbortController | undefined;
const post = (message: FromTrainWorker) => self.postMessage(message);

self.onmessage = async ({ data }: MessageEvent<ToTrainWorker>) => {
  if (data.type === 'cancel') {
    controller?.abort('stopped by the user');
    return;
  }
  controller = new AbortController();
  try {
    // Never a quiet fallback: asked for WebGPU, the run trains there or fails saying why.
    const gpu = data.backend === 'webgpu' ? await loadGpuBackend() : undefined;
    post({ type: 'backend', on: gpu ? { backend: 'webgpu', adapter: gpu.adapter } : { backend: 'cpu' } });
    const result = await trainPipeline(
      data.pipeline,
      data.settings,
      { onProgress: (progress) => post({ type: 'progress', progress }), onEpoch: (metrics) => post({ type: 'epoch', metrics }) },
      controller.signal,
      data.values,
      gpu?.backend,
    );
    const { message, transfer } = doneMessage(result);
    self.postMessage(message, transfer);
  } catch (error) {
    post({ type: 'error', failure: describeFailure(error) });
  }
};
