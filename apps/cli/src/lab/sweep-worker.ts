// One sweep worker thread: trains the runs the pool hands it, one at a time, and reports progress,
// each epoch (metrics, indicators, weights) and the end. Started by sweep-pool.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { createCpuBackend, runVariant, setBackend, Tensor, type LabelledData, type RunData, type RunJob, type RunResume } from '@convstudio/core';
import type { PoolRequest, PoolReply, SerializedData } from './sweep-messages.js';

const port = parentPort;
if (!port) throw new Error('sweep-worker must run in a worker thread');

const revive = (d: SerializedData['train']): LabelledData => ({ images: new Tensor(d.images, d.shape), labels: d.labels });
const { data: serialized, kernelThreads } = workerData as { data: SerializedData; kernelThreads: number | 'auto' };
// One run per core: its kernels stay on this thread unless the pool runs a single run at a time.
setBackend(createCpuBackend({ threads: kernelThreads }));
const data: RunData = { train: revive(serialized.train), validation: revive(serialized.validation), test: revive(serialized.test), probe: revive(serialized.probe), info: serialized.info };
let controller: AbortController | undefined;

const send = (reply: PoolReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

async function run(runId: number, job: RunJob, resume: RunResume | undefined): Promise<void> {
  controller = new AbortController();
  let lastProgress = 0;
  try {
    const result = await runVariant(job, data, {
      signal: controller.signal,
      onProgress: (p) => {
        // At most ten progress messages a second: the main thread redraws one line.
        const t = Date.now();
        if (t - lastProgress < 100 && p.batch !== p.batches) return;
        lastProgress = t;
        send({ type: 'progress', runId, fraction: ((p.epoch - 1) * p.batches + p.batch) / (p.epochs * p.batches) });
      },
      onEpoch: (record) => {
        const weights = record.weights.slice();
        const checkpoint = { ...record.checkpoint, optimizer: record.checkpoint.optimizer.slice() };
        send({ type: 'epoch', runId, metrics: record.metrics, snapshot: record.snapshot, weights, checkpoint }, [weights.buffer, checkpoint.optimizer.buffer]);
      },
    }, resume);
    send(result.cancelled || !result.test ? { type: 'cancelled', runId } : { type: 'done', runId, test: result.test, ...(result.filters ? { filters: result.filters } : {}) });
  } catch (error) {
    send({ type: 'failed', runId, error: error instanceof Error ? error.message : String(error) });
  }
}

port.on('message', (message: PoolRequest) => {
  if (message.type === 'cancel') controller?.abort();
  else void run(message.runId, message.job, message.resume);
});
