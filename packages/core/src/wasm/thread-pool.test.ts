import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpu/index.js';
import { computeConv2dInfo } from '../conv-info.js';
import { ConvStudioError } from '../errors.js';
import { computePool2dInfo } from '../pool-info.js';
import { type Tensor, randn } from '../tensor.js';
import { arena } from './arena.js';
import { requireWasmKernels } from './gemm-wasm.js';
import { call } from './tasks.js';
import { cpuThreads, runTasks, setCallerTakesTasks, setThreadSpawner, startCpuThreads, stopCpuThreads } from './thread-pool.js';

const one = createCpuBackend({ kernels: 'wasm', threads: 1 });
const two = createCpuBackend({ kernels: 'wasm', threads: 2, minParallelWork: 0 });

function worstRelative(a: Tensor, b: Tensor): number {
  expect(a.shape).toEqual(b.shape);
  let scale = 1e-12;
  let worst = 0;
  for (const v of b.data) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < a.size; i++) worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
  return worst / scale;
}

/** Runs `work` and returns how many tasks worker threads ran during it. */
function workerTasksDuring(work: () => void): number {
  const before = cpuThreads().workerTasks;
  work();
  return cpuThreads().workerTasks - before;
}

describe('WebAssembly kernels on worker threads', () => {
  beforeAll(async () => {
    expect(await startCpuThreads(2)).toBe(2);
    // The worker takes every task, so these tests check the worker's side whatever the timing.
    setCallerTakesTasks(false);
  });
  afterAll(() => {
    setCallerTakesTasks(true);
    stopCpuThreads();
  });

  it('report two threads on a shared memory', () => {
    expect(cpuThreads()).toMatchObject({ threads: 2, requested: 2, sharedMemory: true, reason: undefined });
  });

  // Geometries that reach every split: bands of one image (stride 1, 3x3), images and groups
  // (batch 3, groups 2), col2im's per-image tasks (stride 2), pointwise bands and the direct loop.
  const cases = [
    { name: '64x30x30 → 32, k3 p1', x: [1, 64, 30, 30], w: [32, 64, 3, 3], options: { padding: 1 } },
    { name: 'batch 3, groups 2, k3 s1 p1', x: [3, 8, 13, 11], w: [12, 4, 3, 3], options: { padding: 1, groups: 2 } },
    { name: 'stride 2, k3 p1 (col2im)', x: [2, 16, 21, 19], w: [24, 16, 3, 3], options: { stride: 2, padding: 1 } },
    { name: 'pointwise 32x17x17 → 16', x: [1, 32, 17, 17], w: [16, 32, 1, 1], options: {} },
    { name: 'direct, 4 images of 1x28x28 → 2, k5', x: [4, 1, 28, 28], w: [2, 1, 5, 5], options: {} },
  ] as const;
  for (const c of cases) {
    it(`${c.name}: forward and both gradients match one thread, with the workers taking tasks`, () => {
      const x = randn(c.x, { seed: 1 });
      const w = randn(c.w, { seed: 2 });
      const info = computeConv2dInfo('conv2d', x.shape, w.shape, c.options);
      const dy = randn([c.x[0], c.w[0], info.outHeight, info.outWidth], { seed: 3 });
      let pairs: [Tensor, Tensor][] = [];
      const taken = workerTasksDuring(() => {
        pairs = [
          [two.conv2d(x, w, undefined, info), one.conv2d(x, w, undefined, info)],
          [two.conv2dBackwardInput(dy, w, info), one.conv2dBackwardInput(dy, w, info)],
          [two.conv2dBackwardFilter(x, dy, info), one.conv2dBackwardFilter(x, dy, info)],
        ];
      });
      // Forward and input gradient compute each output exactly as one thread does; the weight
      // gradient adds per-thread partial sums, so its rounding may differ.
      expect(worstRelative(...pairs[0])).toBe(0);
      expect(worstRelative(...pairs[1])).toBe(0);
      expect(worstRelative(...pairs[2])).toBeLessThan(1e-6);
      expect(taken).toBeGreaterThan(0);
    });
  }

  it('max pooling and its gradient match one thread', () => {
    const x = randn([2, 6, 19, 23], { seed: 4 });
    const info = computePool2dInfo('maxPool2d', x.shape, { kernelSize: 3, stride: 2, padding: 1 });
    const dy = randn([2, 6, info.outHeight, info.outWidth], { seed: 5 });
    expect(worstRelative(two.maxPool2d(x, info), one.maxPool2d(x, info))).toBe(0);
    expect(worstRelative(two.maxPool2dBackward(dy, x, info), one.maxPool2dBackward(dy, x, info))).toBe(0);
  });

  it('gives the same result when the caller takes tasks beside the worker', () => {
    setCallerTakesTasks(true);
    try {
      const x = randn([1, 32, 40, 40], { seed: 12 });
      const w = randn([32, 32, 3, 3], { seed: 13 });
      const info = computeConv2dInfo('conv2d', x.shape, w.shape, { padding: 1 });
      expect(worstRelative(two.conv2d(x, w, undefined, info), one.conv2d(x, w, undefined, info))).toBe(0);
    } finally {
      setCallerTakesTasks(false);
    }
  });

  it('runs a job longer than the shared task list in rounds', () => {
    // 3000 images make 3000 band tasks, about 100k floats of task list against 64k.
    const x = randn([3000, 1, 6, 6], { seed: 6 });
    const w = randn([4, 1, 3, 3], { seed: 7 });
    const info = computeConv2dInfo('conv2d', x.shape, w.shape, {});
    const gemm2 = createCpuBackend({ kernels: 'wasm', convStrategy: 'gemm', threads: 2, minParallelWork: 0 });
    const gemm1 = createCpuBackend({ kernels: 'wasm', convStrategy: 'gemm', threads: 1 });
    expect(worstRelative(gemm2.conv2d(x, w, undefined, info), gemm1.conv2d(x, w, undefined, info))).toBe(0);
  });

  it('stops a failed job with a clear error and keeps working after it', () => {
    const kernels = requireWasmKernels('test');
    const a = arena(kernels, [16]);
    // A GEMM whose output lies past the end of memory traps on whichever thread runs it.
    const outside = kernels.memory.buffer.byteLength + 1024;
    const bad = [call('gemm', [4, 8, 4, a.ptrs[0], 4, 1, a.ptrs[0], 8, 1, outside, 8, 0, a.scratch])];
    expect(() => runTasks(kernels, [bad, bad, bad], a.scratch, a.scratchStride, 2)).toThrow(/out of bounds|worker thread failed/);
    const x = randn([1, 16, 20, 20], { seed: 8 });
    const w = randn([8, 16, 3, 3], { seed: 9 });
    const info = computeConv2dInfo('conv2d', x.shape, w.shape, { padding: 1 });
    expect(worstRelative(two.conv2d(x, w, undefined, info), one.conv2d(x, w, undefined, info))).toBe(0);
  });
});

describe('hosts without worker threads', () => {
  afterAll(() => setThreadSpawner(undefined));

  it('run on one thread and say why', async () => {
    stopCpuThreads();
    setThreadSpawner(() => {
      throw new Error('Worker is not allowed by the content security policy');
    });
    expect(await startCpuThreads(4)).toBe(1);
    expect(cpuThreads().threads).toBe(1);
    expect(cpuThreads().reason).toMatch(/content security policy/);
    const x = randn([1, 8, 12, 12], { seed: 10 });
    const w = randn([8, 8, 3, 3], { seed: 11 });
    const info = computeConv2dInfo('conv2d', x.shape, w.shape, { padding: 1 });
    expect(worstRelative(two.conv2d(x, w, undefined, info), one.conv2d(x, w, undefined, info))).toBe(0);
  });

  it('refuse a thread count that is not a whole number ≥ 1', () => {
    expect(() => startCpuThreads(0)).toThrow(ConvStudioError);
    expect(() => startCpuThreads(1.5)).toThrow(/startCpuThreads.*count.*whole number.*1\.5/s);
    expect(() => createCpuBackend({ threads: 0 })).toThrow(/createCpuBackend.*threads.*got 0/s);
  });
});
