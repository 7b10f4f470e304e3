/// <reference lib="webworker" />
// The studio's compute thread: holds the current image, runs pipelines on the CPU or WebGPU
// backend, and moves every node's output back to the page.
import { cpuBackend, startCpuThreads, wasmKernelsReady, type RgbaImage } from '@convstudio/core';
import { loadGpuBackend } from './gpu-backend.js';
import { LayerValuesStore } from './layer-values.js';
import { describeFailure, ModelCache, runPipeline } from './run-pipeline.js';
import type { FromWorker, RunRequest, ToWorker } from './run-protocol.js';
import { gradientTransfers } from '../gradients/gradient-protocol.js';

declare const self: DedicatedWorkerGlobalScope;

const cache = new ModelCache();
// Layer values the page sent once and refers to afterwards (packLayerValues' `sent`).
const layerValues = new LayerValuesStore();

/**
 * How long a run waits, after sending a big net's leading layers, for the page to say they are
 * on screen before building the rest. Building AlexNet's dense layers holds both cores for a
 * second or more, and on a busy machine the page then drew no frame until it ended; a page that
 * draws no frames (a hidden tab) costs the run this long at most.
 */
const PARTIAL_PAUSE_MS = 500;
let shownWaiter: { runId: number; resolve: () => void } | undefined;

function shown(runId: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, PARTIAL_PAUSE_MS);
    function done() {
      clearTimeout(timer);
      if (shownWaiter?.resolve === done) shownWaiter = undefined;
      resolve();
    }
    shownWaiter = { runId, resolve: done };
  });
}
let image: RgbaImage | undefined;
// Kernel threads start with the worker, one per core (at most 8): on a cross-origin isolated page
// (both hosts send the headers) core's WebAssembly kernels share a memory with them; elsewhere
// this resolves 1 and every run stays on this thread.
const cpuThreadsReady = startCpuThreads();

function post(message: FromWorker): void {
  const transfer =
    message.type === 'result' ? [...message.outputs, ...message.weights, ...message.biases].map((o) => o.data.buffer as ArrayBuffer).concat(gradientTransfers(message.gradients))
    : message.type === 'partial' ? message.outputs.map((o) => o.data.buffer as ArrayBuffer)
    : [];
  self.postMessage(message, transfer);
}

async function run(request: RunRequest): Promise<void> {
  try {
    if (!image) throw new Error('no image loaded yet: open an image or pick a sample');
    const started = performance.now();
    let paused = 0;
    const gpu = request.backend === 'webgpu' ? await loadGpuBackend() : undefined;
    // The CPU backend runs WebAssembly SIMD kernels once they have compiled (the page's CSP must
    // allow 'wasm-unsafe-eval'), else its TypeScript ones: the status line says which, and on how
    // many threads.
    const cpuKernels = gpu ? undefined : await describeCpuKernels();
    const { outputs, weights, biases, gradients } = await runPipeline(request.pipeline, { image, matrix: request.matrix, scale: request.scale, fit: request.fit, backend: gpu?.backend ?? cpuBackend, gradient: request.gradient, values: request.values }, cache, async (leading, wait) => {
      post({ type: 'partial', runId: request.runId, outputs: leading });
      if (!wait) return;
      const pausedAt = performance.now();
      await shown(request.runId);
      paused += performance.now() - pausedAt;
    });
    // Compute time: the pause for the page's paint is not the pipeline's.
    const elapsedMs = performance.now() - started - paused;
    post({ type: 'result', runId: request.runId, backend: request.backend, adapter: gpu?.adapter ?? cpuKernels, elapsedMs, outputs, weights, biases, ...(gradients ? { gradients } : {}) });
  } catch (error) {
    post({ type: 'error', runId: request.runId, failure: describeFailure(error) });
  }
}

async function describeCpuKernels(): Promise<string> {
  if (!(await wasmKernelsReady())) return 'JavaScript';
  const threads = await cpuThreadsReady;
  return `WebAssembly SIMD, ${threads} thread${threads === 1 ? '' : 's'}`;
}

self.onmessage = ({ data }: MessageEvent<ToWorker>) => {
  if (data.type === 'image') image = data.image;
  else if (data.type === 'shown') {
    if (shownWaiter?.runId === data.runId) shownWaiter.resolve();
  } else {
    // Filled as the message arrives, before anything can fail: the page counts it as received.
    let request = data;
    try {
      if (data.values) request = { ...data, values: layerValues.fill(data.values) };
    } catch (error) {
      post({ type: 'error', runId: data.runId, failure: describeFailure(error) });
      return;
    }
    void run(request);
  }
};
