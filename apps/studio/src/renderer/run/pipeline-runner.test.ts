import { workedExamplePipeline } from '@convstudio/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PipelineRunner, type WorkerLike } from './pipeline-runner.js';
import type { FromWorker, ToWorker } from './run-protocol.js';

/** A worker that records what it is sent and answers only when the test says so. */
class FakeWorker implements WorkerLike {
  static created: FakeWorker[] = [];
  received: ToWorker[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  constructor() {
    FakeWorker.created.push(this);
  }
  postMessage(message: ToWorker): void {
    this.received.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(message: FromWorker): void {
    this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }
  lastRunId(): number {
    const runs = this.received.filter((m) => m.type === 'run');
    return runs[runs.length - 1].type === 'run' ? (runs[runs.length - 1] as { runId: number }).runId : -1;
  }
}

const image = { width: 2, height: 1, data: new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255]) };

describe('PipelineRunner', () => {
  it('sends a copy of the image, then resolves a run with its worker result', async () => {
    FakeWorker.created = [];
    const runner = new PipelineRunner(() => new FakeWorker());
    runner.setImage(image);
    const outcome = runner.run(workedExamplePipeline(), '0-255', 'cpu');
    const worker = FakeWorker.created[0];
    const sent = worker.received[0];
    expect(sent.type === 'image' && sent.image.data).not.toBe(image.data);
    expect(sent.type === 'image' && Array.from(sent.image.data)).toEqual(Array.from(image.data));
    const outputs = [{ id: 'input', shape: [1, 1, 1, 2], data: new Float32Array([1, 2]) }];
    worker.answer({ type: 'result', runId: worker.lastRunId(), backend: 'cpu', elapsedMs: 3, outputs, weights: [], biases: [] });
    await expect(outcome).resolves.toEqual({ status: 'done', runId: 1, backend: 'cpu', adapter: undefined, elapsedMs: 3, outputs, weights: [], biases: [] });
  });

  it("hands a run's leading outputs to its caller without ending the run, ignores another run's, and tells the worker once they are painted", async () => {
    FakeWorker.created = [];
    const paints: (() => void)[] = [];
    const runner = new PipelineRunner(() => new FakeWorker(), { afterPaint: (then) => paints.push(then) });
    runner.setImage(image);
    const seen: string[][] = [];
    const outcome = runner.run(workedExamplePipeline(), '0-255', 'cpu', undefined, undefined, undefined, (outputs) => seen.push(outputs.map((o) => o.id)));
    const worker = FakeWorker.created[0];
    const runId = worker.lastRunId();
    const leading = [{ id: 'conv1', shape: [1, 1, 1, 1], data: new Float32Array([5]) }];
    worker.answer({ type: 'partial', runId: runId + 7, outputs: leading });
    worker.answer({ type: 'partial', runId, outputs: leading });
    expect(seen).toEqual([['conv1']]);
    // The other run's partial asked for nothing; this one's 'shown' waits for the paint.
    expect(paints).toHaveLength(1);
    expect(worker.received.map((m) => m.type)).toEqual(['image', 'run']);
    paints[0]();
    expect(worker.received.at(-1)).toEqual({ type: 'shown', runId });
    let settled = false;
    void outcome.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    worker.answer({ type: 'result', runId, backend: 'cpu', elapsedMs: 2, outputs: [], weights: [], biases: [] });
    await expect(outcome).resolves.toMatchObject({ status: 'done', runId });
  });

  it('cuts short a request that kept the worker past its patience: terminates the worker and replays the image on a new one', async () => {
    FakeWorker.created = [];
    const runner = new PipelineRunner(() => new FakeWorker(), { patienceMs: 0 });
    runner.setImage(image);
    const stale = runner.run(workedExamplePipeline(), '0-255', 'cpu');
    const fresh = runner.run(workedExamplePipeline(), '0-1', 'cpu');
    await expect(stale).resolves.toEqual({ status: 'superseded', runId: 1 });
    const [first, second] = FakeWorker.created;
    expect(first.terminated).toBe(true);
    expect(second.received.map((m) => m.type)).toEqual(['image', 'run']);
    // A late answer from the stale run is ignored; the fresh run's failure comes through.
    first.answer({ type: 'result', runId: 1, backend: 'cpu', elapsedMs: 1, outputs: [], weights: [], biases: [] });
    second.answer({ type: 'error', runId: 2, failure: { message: 'conv2d: weight bad', issues: [] } });
    await expect(fresh).resolves.toEqual({ status: 'failed', runId: 2, failure: { message: 'conv2d: weight bad', issues: [] } });
  });

  it('turns a crashed worker into a failed run and starts a new worker next time', async () => {
    FakeWorker.created = [];
    const runner = new PipelineRunner(() => new FakeWorker());
    runner.setImage(image);
    const outcome = runner.run(workedExamplePipeline(), '0-255', 'cpu');
    FakeWorker.created[0].onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
    const result = await outcome;
    expect(result.status === 'failed' && result.failure.message).toContain('out of memory');
    void runner.run(workedExamplePipeline(), '0-255', 'cpu');
    expect(FakeWorker.created).toHaveLength(2);
  });

  it('lets a newer request wait for a running one on the same worker; only the newest waits', async () => {
    FakeWorker.created = [];
    const runner = new PipelineRunner(() => new FakeWorker(), { patienceMs: 60_000 });
    runner.setImage(image);
    const running = runner.run(workedExamplePipeline(), '0-255', 'cpu');
    const older = runner.run(workedExamplePipeline(), '0-1', 'cpu');
    const newest = runner.run(workedExamplePipeline(), '0-255', 'webgpu');
    await expect(older).resolves.toEqual({ status: 'superseded', runId: 2 });
    const [worker] = FakeWorker.created;
    expect(worker.received.map((m) => m.type)).toEqual(['image', 'run']);
    worker.answer({ type: 'result', runId: 1, backend: 'cpu', elapsedMs: 2, outputs: [], weights: [], biases: [] });
    await expect(running).resolves.toMatchObject({ status: 'done', runId: 1 });
    // The newest request went to the same worker, not a fresh one.
    expect(FakeWorker.created).toHaveLength(1);
    expect(worker.terminated).toBe(false);
    expect(worker.lastRunId()).toBe(3);
    worker.answer({ type: 'result', runId: 3, backend: 'webgpu', elapsedMs: 2, outputs: [], weights: [], biases: [] });
    await expect(newest).resolves.toMatchObject({ status: 'done', runId: 3, backend: 'webgpu' });
  });

  it('terminates a run that is still going when the patience runs out, and starts the waiting one', async () => {
    vi.useFakeTimers();
    FakeWorker.created = [];
    let clock = 0;
    const runner = new PipelineRunner(() => new FakeWorker(), { patienceMs: 300, now: () => clock });
    runner.setImage(image);
    const slow = runner.run(workedExamplePipeline(), '0-255', 'cpu');
    clock = 100;
    const waiting = runner.run(workedExamplePipeline(), '0-1', 'cpu');
    vi.advanceTimersByTime(199);
    expect(FakeWorker.created[0].terminated).toBe(false);
    clock = 300;
    vi.advanceTimersByTime(1);
    await expect(slow).resolves.toEqual({ status: 'superseded', runId: 1 });
    const [first, second] = FakeWorker.created;
    expect(first.terminated).toBe(true);
    expect(second.received.map((m) => m.type)).toEqual(['image', 'run']);
    second.answer({ type: 'result', runId: 2, backend: 'cpu', elapsedMs: 2, outputs: [], weights: [], biases: [] });
    await expect(waiting).resolves.toMatchObject({ status: 'done', runId: 2 });
  });

  it('sends a layer\'s values to a worker once; later runs name them, and a new worker gets them again', async () => {
    FakeWorker.created = [];
    const runner = new PipelineRunner(() => new FakeWorker(), { patienceMs: 0 });
    runner.setImage(image);
    const base = workedExamplePipeline();
    const weights = new Float32Array(50).fill(0.5);
    const pipeline = { ...base, nodes: base.nodes.map((n) => (n.id === 'conv1' ? { ...n, weight: { values: weights } } : n)) as typeof base.nodes };
    const valuesOf = (worker: FakeWorker, nth: number) => (worker.received.filter((m) => m.type === 'run')[nth] as { values?: { id: string; weight?: Float32Array; kept?: true }[] }).values;
    const first = runner.run(pipeline, '0-255', 'cpu');
    const worker = FakeWorker.created[0];
    expect(valuesOf(worker, 0)).toEqual([expect.objectContaining({ id: 'conv1', weight: weights })]);
    expect(valuesOf(worker, 0)![0].weight).not.toBe(weights);
    worker.answer({ type: 'result', runId: worker.lastRunId(), backend: 'cpu', elapsedMs: 1, outputs: [], weights: [], biases: [] });
    await first;
    void runner.run(pipeline, '0-1', 'cpu');
    expect(valuesOf(worker, 1)).toEqual([{ id: 'conv1', version: (valuesOf(worker, 0)![0] as unknown as { version: string }).version, kept: true }]);
    // patienceMs 0: the next run replaces the busy worker; the new one was given nothing yet.
    void runner.run(pipeline, '0-255', 'cpu');
    const fresh = FakeWorker.created[1];
    expect(fresh).toBeDefined();
    expect(valuesOf(fresh, 0)).toEqual([expect.objectContaining({ id: 'conv1', weight: weights })]);
    expect(valuesOf(fresh, 0)![0].kept).toBeUndefined();
  });
});

afterEach(() => {
  vi.useRealTimers();
});
