import { chain, conv2d, cpuBackend, zeros, createModel, createOptimizer, crossEntropy, crossEntropyBackward, node, type Pipeline, pipelineOf, rand, type Tensor, tidy, withBackend } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { gpuForTests } from './gpu-setup.fixture.js';

const setup = await gpuForTests();
const RUNS = 1000;

/** Small enough for 1,000 steps on SwiftShader, with a kernel of every kind a CNN step uses. */
function smallNet(): Pipeline {
  return pipelineOf({ name: 'leak check', description: 'conv, relu, pool, linear, softmax on 12x12', seed: 1 }, [
    chain([
      node('input', 'input', { channels: 1, height: 12, width: 12 }),
      node('conv', 'conv2d', { outChannels: 4, kernelSize: 3, padding: 'same' }),
      node('relu', 'relu'),
      node('pool', 'maxPool2d', { kernelSize: 2 }),
      node('flatten', 'flatten'),
      node('fc', 'linear', { outFeatures: 5 }),
      node('softmax', 'softmax'),
    ]),
  ]);
}

describe.skipIf(!setup.backend)(`buffer pool${setup.skipReason ? ` (skipped: ${setup.skipReason})` : ''}`, () => {
  const backend = () => {
    if (!setup.backend) throw new Error('unreachable: suite is skipped without a backend');
    return setup.backend;
  };

  it(`leaks nothing over ${RUNS} training steps and ${RUNS} forward runs (tidy scopes)`, async () => {
    const gpu = backend();
    const model = createModel(smallNet());
    const x = rand([2, 1, 12, 12], { seed: 3 });
    const labels = Int32Array.of(3, 1);
    const optimizer = createOptimizer({ kind: 'adam', learningRate: 1e-3 });
    // Training steps: parameters and optimizer state on the GPU, updated in place.
    model.toBackend(gpu);
    const trainStep = () =>
      withBackend(gpu, () =>
        tidy(() => {
          const activations = model.forward(x);
          const logits = activations.get('fc') as Tensor;
          const grads = model.backward(activations, crossEntropyBackward(logits, labels), 'fc');
          optimizer.step(model.parameters, grads.parameters, new Set());
          return crossEntropy(logits, labels);
        }),
      );
    const baseline = gpu.memory().liveBuffers;
    const first = trainStep();
    const firstLoss = (await first.read())[0];
    first.dispose();
    const afterOne = gpu.memory();
    // The optimizer's moments (two per parameter tensor) are the only buffers a step leaves.
    expect(afterOne.liveBuffers).toBe(baseline + 2 * 4);
    let lastLoss = firstLoss;
    for (let run = 1; run < RUNS; run++) {
      const loss = trainStep();
      if (run % 100 === 0) lastLoss = (await loss.read())[0];
      loss.dispose();
      if (gpu.memory().liveBuffers !== afterOne.liveBuffers) throw new Error(`step ${run}: ${gpu.memory().liveBuffers} live buffers, expected ${afterOne.liveBuffers}`);
    }
    expect(lastLoss).toBeLessThan(firstLoss);
    // Every step asks for the same sizes, so after the first the pool only recycles.
    expect(gpu.memory().pooledBuffers).toBe(afterOne.pooledBuffers);
    optimizer.dispose();
    await model.toCpu();
    expect(gpu.memory().liveBuffers).toBe(baseline - 4);

    // Forward runs with CPU parameters, as the studio passes them: uploaded once, then cached.
    const live = gpu.memory().liveBuffers;
    for (let run = 0; run < RUNS; run++) {
      const out = withBackend(gpu, () => tidy(() => model.forward(x).get('softmax') as Tensor));
      if (run % 250 === 0) expect((await out.read()).reduce((a, b) => a + b, 0)).toBeCloseTo(2, 4);
      out.dispose();
      if (gpu.memory().liveBuffers !== live) throw new Error(`forward ${run}: ${gpu.memory().liveBuffers} live buffers, expected ${live}`);
    }
    expect(gpu.memory().cachedUploads).toBeLessThanOrEqual(model.parameters.size * 2 + 1);
  });

  it('caches a CPU tensor passed on every run (from the third), never a fresh batch, and sees in-place CPU updates', async () => {
    const gpu = backend();
    gpu.trim();
    const weight = rand([4, 3, 3, 3], { seed: 9 });
    const check = async (seed: number) => {
      const x = rand([1, 3, 8, 8], { seed });
      const y = withBackend(gpu, () => conv2d(x, weight));
      const want = conv2d(x, weight).data;
      const got = await y.read();
      y.dispose();
      return Math.max(...got.map((v, i) => Math.abs(v - want[i])));
    };
    for (let run = 0; run < 5; run++) expect(await check(run)).toBeLessThan(1e-5);
    expect(gpu.memory().cachedUploads).toBe(1);
    // An optimizer step on the CPU changes the weight in place: the cached copy must not be used.
    cpuBackend.sgdStep(weight, rand([4, 3, 3, 3], { seed: 10 }), zeros([4, 3, 3, 3]), { learningRate: 0.5, momentum: 0, weightDecay: 0 });
    expect(await check(99)).toBeLessThan(1e-5);
  });

  it('frees on explicit dispose, and a disposed tensor is refused by name', async () => {
    const gpu = backend();
    const before = gpu.memory().liveBuffers;
    const x = gpu.upload(rand([4, 4]));
    const y = withBackend(gpu, () => gpu.add(x, x));
    expect(gpu.memory().liveBuffers).toBe(before + 2);
    expect(Array.from(await y.read())[0]).toBeCloseTo(2 * (await x.read())[0], 6);
    x.dispose();
    x.dispose();
    y.dispose();
    expect(gpu.memory().liveBuffers).toBe(before);
    expect(() => gpu.add(x, x)).toThrow('add: a [4,4] was disposed; it cannot be used any more');
    await expect(y.read()).rejects.toThrow('disposed');
  });

  it('refuses CPU parameters for in-place optimizer steps, naming the fix', () => {
    const gpu = backend();
    const p = rand([3]);
    const state = gpu.upload(rand([3]));
    expect(() => gpu.sgdStep(p, p, state, { learningRate: 0.1, momentum: 0, weightDecay: 0 })).toThrow(
      'sgdStep: param [3] is a CPU tensor, but webgpu updates parameters in place on the GPU; move them first with model.toBackend(backend)',
    );
    state.dispose();
  });

  it('gives back the buffer of a tensor garbage-collected without dispose', async () => {
    const gpu = backend();
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('this test needs node --expose-gc (vitest.config.ts passes it)');
    const before = gpu.memory().liveBuffers;
    (() => {
      for (let i = 0; i < 10; i++) gpu.upload(rand([64]));
    })();
    expect(gpu.memory().liveBuffers).toBe(before + 10);
    for (let attempt = 0; attempt < 20 && gpu.memory().liveBuffers > before; attempt++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(gpu.memory().liveBuffers).toBe(before);
  });
});
