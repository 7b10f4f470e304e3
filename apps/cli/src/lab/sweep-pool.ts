import process from 'node:process';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { RunJob } from '@convstudio/core';
import type { PoolReply, SerializedData } from './sweep-messages.js';
import type { RunStore } from '@convstudio/lab-store';

/** Where a sweep stands, after every progress message. */
export interface SweepProgress {
  total: number;
  finished: number;
  running: number;
  failed: number;
  /** 0..1 over all runs, counting the running ones' batches. */
  fraction: number;
  elapsedMs: number;
  /** Estimated time left; Infinity until the first batch. */
  etaMs: number;
}

export interface PoolOptions {
  /** `cost` (e.g. MACs per image): the costliest runs start first, so no long run is left alone at the end. */
  jobs: { runId: number; job: RunJob; cost?: number }[];
  data: SerializedData;
  store: RunStore;
  /** Worker threads; default one per core. */
  threads: number;
  /**
   * Threads each run's kernels may use. Default: 1 when several runs train at once (each core
   * already has a run; more threads would fight over the cores), 'auto' (all cores, core's
   * default) when runs train one after another.
   */
  kernelThreads?: number | 'auto';
  signal?: AbortSignal;
  onProgress?: (progress: SweepProgress) => void;
  /** After each run ends, with its status. */
  onRunEnd?: (runId: number, reply: Extract<PoolReply, { type: 'done' | 'failed' | 'cancelled' }>) => void;
}

/**
 * The old generation a sweep worker's heap starts with, in MB. A worker holds little live data
 * while it trains, and V8 sizes a fresh isolate's old-generation limit just above it. When every
 * step allocated its outputs afresh, promoted short-lived tensors made the worker run a full
 * (mark-compact) collection many times a second, and V8's concurrent-marking threads took nearly
 * half a core: with one run per core there was none to spare, and two runs at once trained 1.4x
 * slower per epoch than one alone (1.32x sweep speed-up; 1.77x with this flag, apps/cli/BENCHMARKS.md).
 * Core now reuses each step's output buffers, and the MNIST-CNN sweep runs as fast without the
 * flag; it stays as a guard for layers whose kernels still allocate per step. It is a starting
 * limit, not memory taken up front.
 */
const WORKER_INITIAL_OLD_SPACE_MB = 128;
let heapFlagSet = false;

/**
 * Worker isolates read V8's heap flags when they are created, so setting the flag here, before
 * the first worker starts, applies to every sweep worker and leaves the main isolate as it is.
 * `resourceLimits` sets only the maximum sizes, not the starting one.
 */
function sizeWorkerHeaps(): void {
  if (heapFlagSet) return;
  heapFlagSet = true;
  setFlagsFromString(`--initial-old-space-size=${WORKER_INITIAL_OLD_SPACE_MB}`);
}

/**
 * Starts the worker file beside this one: built, sweep-worker.js directly; from sources (a
 * checkout runs through tsx), a two-line bootstrap that registers tsx's loader first, because
 * Node 20 does not run the parent's `--import tsx` hook in worker threads.
 */
function startWorker(data: SerializedData, kernelThreads: number | 'auto'): Worker {
  const workerData = { data, kernelThreads };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./sweep-worker.js', import.meta.url), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./sweep-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(worker)}); });`;
  // Sources resolve @convstudio/core to its sources by this condition; a test runner's process may lack it.
  const conditions = process.execArgv.some((a) => a.includes('@convstudio/source')) ? [] : ['--conditions=@convstudio/source'];
  return new Worker(bootstrap, { eval: true, workerData, execArgv: [...process.execArgv, ...conditions] });
}

/**
 * Trains the given runs on worker threads, each run on one thread, and writes everything to the
 * store from this thread (SQLite has one writer): a run is marked running when handed out, each
 * epoch lands in its own transaction, and its end sets done, failed or cancelled. Aborting
 * `signal` stops every thread after its current batch; their runs are marked cancelled and the
 * ones not yet started stay pending, so the sweep resumes where it stopped.
 */
export async function runPool(options: PoolOptions): Promise<{ done: number; failed: number; cancelled: number }> {
  const { jobs, data, store, signal } = options;
  // Longest first (LPT scheduling): with one run per core, a big run started last would keep one
  // core busy while the others idle.
  const queue = [...jobs].sort((a, b) => (b.cost ?? 0) - (a.cost ?? 0));
  const total = jobs.length;
  const counts = { done: 0, failed: 0, cancelled: 0 };
  const running = new Map<number, number>();
  const started = Date.now();
  const report = () => {
    const partial = [...running.values()].reduce((a, b) => a + b, 0);
    const finished = counts.done + counts.failed + counts.cancelled;
    const fraction = total ? (finished + partial) / total : 1;
    const elapsedMs = Date.now() - started;
    options.onProgress?.({ total, finished, running: running.size, failed: counts.failed, fraction, elapsedMs, etaMs: fraction > 0 ? (elapsedMs * (1 - fraction)) / fraction : Infinity });
  };
  const threads = Math.max(1, Math.min(options.threads, jobs.length));
  const kernelThreads = options.kernelThreads ?? (threads > 1 ? 1 : 'auto');
  sizeWorkerHeaps();
  const workers = Array.from({ length: threads }, () => startWorker(data, kernelThreads));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const item = signal?.aborted ? undefined : queue.shift();
              if (!item) return resolve();
              const resume = store.startRun(item.runId);
              running.set(item.runId, 0);
              worker.postMessage({ type: 'run', runId: item.runId, job: item.job, ...(resume ? { resume } : {}) });
            };
            const onAbort = () => worker.postMessage({ type: 'cancel' });
            signal?.addEventListener('abort', onAbort, { once: true });
            worker.on('error', (error) => reject(error));
            worker.on('exit', (code) => (running.size && code !== 0 ? reject(new Error(`a sweep worker stopped with code ${code}`)) : undefined));
            worker.on('message', (reply: PoolReply) => {
              switch (reply.type) {
                case 'progress':
                  running.set(reply.runId, reply.fraction);
                  report();
                  return;
                case 'epoch':
                  store.addEpoch(reply.runId, { metrics: reply.metrics, snapshot: reply.snapshot, weights: reply.weights, checkpoint: reply.checkpoint });
                  return;
                case 'done':
                  store.finishRun(reply.runId, { status: 'done', test: reply.test, ...(reply.filters ? { filters: reply.filters } : {}) });
                  break;
                case 'failed':
                  store.finishRun(reply.runId, { status: 'failed', error: reply.error });
                  break;
                case 'cancelled':
                  store.finishRun(reply.runId, { status: 'cancelled' });
                  break;
              }
              counts[reply.type === 'done' ? 'done' : reply.type === 'failed' ? 'failed' : 'cancelled']++;
              running.delete(reply.runId);
              options.onRunEnd?.(reply.runId, reply);
              report();
              next();
            });
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return counts;
}
