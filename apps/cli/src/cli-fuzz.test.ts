import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { CliFuzzReport, CliFuzzRequest } from './cli-fuzz-worker.fixture.js';

/** Runs the fuzz worker; a case running over `stallMs` (a hang) terminates it. */
function runCliFuzz(seed: number, documents: number, images: number, stallMs = 15_000): Promise<CliFuzzReport | string> {
  const progress = new SharedArrayBuffer(4);
  const counter = new Int32Array(progress);
  const fixture = new URL('./cli-fuzz-worker.fixture.ts', import.meta.url).href;
  // tsx's loader, registered inside the worker, loads the TypeScript sources; the condition makes
  // @convstudio/core resolve to its sources too, as the tests do.
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(fixture)}); });`;
  const workerData: CliFuzzRequest = { seed, documents, images, progress };
  const worker = new Worker(bootstrap, { eval: true, workerData, execArgv: ['--conditions=@convstudio/source'] });
  return new Promise((resolve, reject) => {
    let last = -1;
    let since = Date.now();
    const watchdog = setInterval(() => {
      if (counter[0] !== last) {
        last = counter[0];
        since = Date.now();
      } else if (Date.now() - since > stallMs) {
        clearInterval(watchdog);
        void worker.terminate();
        resolve(`case ${last} (seed ${seed}) ran over ${stallMs} ms`);
      }
    }, 250);
    worker.on('message', (report: CliFuzzReport) => {
      clearInterval(watchdog);
      void worker.terminate();
      resolve(report);
    });
    worker.on('error', (error) => {
      clearInterval(watchdog);
      reject(error);
    });
  });
}

// Seeded damage to pipeline files and images, through the commands that read them: every case
// ends with exit 0 or 1 and plain lines, never an internal error (70), a stack trace or a hang.
describe('damaged files through the CLI', () => {
  it('cost, receptive and run answer every damaged file with one of our messages', { timeout: 120_000 }, async () => {
    const report = await runCliFuzz(23, 250, 250);
    expect(typeof report === 'string' ? report : undefined).toBeUndefined();
    const { failures, cases, exitCodes } = report as CliFuzzReport;
    expect(failures).toEqual([]);
    expect(cases).toBe(750);
    expect(exitCodes[1]).toBeGreaterThan(0);
  });
});
