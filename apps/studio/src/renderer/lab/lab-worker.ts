/// <reference lib="webworker" />
// One lab thread: trains the runs the page hands it with core's runVariant, one at a time, and
// reports progress, every epoch (metrics and indicator snapshot) and the end with the weights.
import { runVariant, type RunData } from '@convstudio/core';
import { describeFailure } from '../run/run-pipeline.js';
import { loadLabData } from './lab-data.js';
import type { FromLabWorker, ToLabWorker } from './lab-protocol.js';

declare const self: DedicatedWorkerGlobalScope;

let controller: AbortController | undefined;
// The data of the last sweep, loaded once per thread: every run of a sweep trains on the same images.
let cached: { key: string; data: Promise<RunData> } | undefined;
const post = (message: FromLabWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);

self.onmessage = async ({ data: message }: MessageEvent<ToLabWorker>) => {
  if (message.type === 'cancel') {
    controller?.abort('stopped by the user');
    return;
  }
  const { job } = message;
  controller = new AbortController();
  try {
    const key = JSON.stringify([message.data, message.probeSize]);
    if (cached?.key !== key) cached = { key, data: loadLabData(message.data, message.probeSize) };
    const data = await cached.data;
    let last = 0;
    const result = await runVariant(job, data, {
      signal: controller.signal,
      onProgress: (progress) => {
        const now = Date.now();
        if (now - last < 150 && progress.batch !== progress.batches) return;
        last = now;
        post({ type: 'progress', key: job.key, progress });
      },
      onEpoch: (record) => {
        const weights = record.weights.slice();
        const checkpoint = { ...record.checkpoint, optimizer: record.checkpoint.optimizer.slice() };
        post({ type: 'epoch', key: job.key, metrics: record.metrics, snapshot: record.snapshot, weights, checkpoint }, [weights.buffer, checkpoint.optimizer.buffer]);
      },
    }, message.resume);
    if (result.cancelled || !result.test) post({ type: 'cancelled', key: job.key });
    else post({ type: 'done', key: job.key, test: result.test, weights: result.weights, ...(result.filters ? { filters: result.filters } : {}) }, [result.weights.buffer]);
  } catch (error) {
    post({ type: 'error', key: job.key, failure: describeFailure(error) });
  }
};
