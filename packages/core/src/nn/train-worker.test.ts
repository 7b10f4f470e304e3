import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { TrainingResult } from './train.js';

type Message = { type: 'progress'; progress: { epoch: number } } | { type: 'done'; result: TrainingResult };

function startWorker(): Worker {
  // tsx's loader, registered inside the worker, lets it load the TypeScript source directly.
  const fixture = new URL('./train-worker.fixture.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(fixture)}); });`;
  return new Worker(bootstrap, { eval: true });
}

function collect(worker: Worker, onMessage?: (m: Message) => void): Promise<{ messages: Message[]; result: TrainingResult }> {
  const messages: Message[] = [];
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m: Message) => {
      messages.push(m);
      onMessage?.(m);
      if (m.type === 'done') resolve({ messages, result: m.result });
    });
  });
}

describe('train in a Node worker thread', () => {
  it('runs unchanged, reports progress and lowers the loss', async () => {
    const worker = startWorker();
    try {
      const done = collect(worker);
      worker.postMessage({ type: 'start', epochs: 15 });
      const { messages, result } = await done;
      expect(messages.filter((m) => m.type === 'progress')).toHaveLength(15);
      expect(result.cancelled).toBe(false);
      expect(result.history[14].trainLoss).toBeLessThan(result.history[0].trainLoss);
    } finally {
      await worker.terminate();
    }
  });

  it('stops when the main thread cancels', async () => {
    const worker = startWorker();
    try {
      const done = collect(worker, (m) => {
        if (m.type === 'progress' && m.progress.epoch === 3) worker.postMessage({ type: 'cancel' });
      });
      worker.postMessage({ type: 'start', epochs: 1000 });
      const { result } = await done;
      expect(result.cancelled).toBe(true);
      expect(result.history.length).toBeLessThan(1000);
    } finally {
      await worker.terminate();
    }
  });
});
