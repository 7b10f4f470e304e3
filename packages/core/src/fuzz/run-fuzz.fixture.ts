// Starts fuzz-worker.fixture.ts in a worker thread and watches it: a case that runs longer than
// `stallMs` (a hang) terminates the worker and is reported with its kind and case number.
import { Worker } from 'node:worker_threads';
import type { FuzzRequest, KindReport } from './fuzz-worker.fixture.js';
import { type FuzzKind, fuzzKinds } from './hostile-inputs.fixture.js';

export type { KindReport };

export interface FuzzRun {
  reports: KindReport[];
  /** Set when the watchdog stopped a case that did not finish in time. */
  hang?: string;
}

/**
 * Runs `runs[kind]` seeded cases of each kind in a worker thread, under the allocation guard.
 *
 * @example
 * const { reports, hang } = await runFuzz({ seed: 17, runs: { pipelines: 1000, weights: 1000, images: 1000 } });
 */
export function runFuzz(options: { seed: number; runs: Record<FuzzKind, number>; stallMs?: number }): Promise<FuzzRun> {
  const { seed, runs, stallMs = 10_000 } = options;
  const progress = new SharedArrayBuffer(8);
  const counters = new Int32Array(progress);
  const fixture = new URL('./fuzz-worker.fixture.ts', import.meta.url).href;
  // tsx's loader, registered inside the worker, lets it load the TypeScript source directly.
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(fixture)}); });`;
  const request: FuzzRequest = { seed, runs, progress };
  const worker = new Worker(bootstrap, { eval: true, workerData: request });
  const reports: KindReport[] = [];
  return new Promise((resolve, reject) => {
    let last = '';
    let since = Date.now();
    const watchdog = setInterval(() => {
      const now = `${counters[0]}:${counters[1]}`;
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since > stallMs) {
        clearInterval(watchdog);
        void worker.terminate();
        resolve({ reports, hang: `${fuzzKinds[counters[0]]} case ${counters[1]} (seed ${seed}) ran over ${stallMs} ms` });
      }
    }, 250);
    worker.on('message', (message: KindReport | 'done') => {
      if (message !== 'done') {
        reports.push(message);
        return;
      }
      clearInterval(watchdog);
      void worker.terminate();
      resolve({ reports });
    });
    worker.on('error', (error) => {
      clearInterval(watchdog);
      reject(error);
    });
  });
}
