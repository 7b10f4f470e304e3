import { type Backend, cpuBackend, createModel, loadMnist, mnistCnn, Tensor, train, withBackend } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { gpuForTests } from './gpu-setup.fixture.js';

const setup = await gpuForTests();
const STEPS = 20;
const BATCH = 32;

/** The first STEPS·BATCH training digits of a fixed MNIST split: the same batches on both backends. */
async function digits() {
  const { train: all } = await loadMnist({ seed: 3, limit: 1000 });
  const count = STEPS * BATCH;
  const [, c, h, w] = all.images.shape;
  return { images: new Tensor(all.images.data.slice(0, count * c * h * w), [count, c, h, w]), labels: all.labels.slice(0, count) };
}

/** Trains the MNIST CNN template for one epoch of STEPS batches; returns each step's loss and the trained weights. */
async function run(backend: Backend, data: Awaited<ReturnType<typeof digits>>) {
  const model = createModel(mnistCnn());
  const losses: number[] = [];
  let seen = 0;
  let total = 0;
  await withBackend(backend, () =>
    train(model, { train: data }, {
      epochs: 1, batchSize: BATCH, seed: 11, optimizer: { kind: 'adam', learningRate: 2e-3 },
      // `loss` is the epoch's running mean: recover each step's own loss from it.
      onProgress: (p) => {
        const now = Math.min(p.batch * BATCH, data.labels.length);
        losses.push((p.loss * now - total) / (now - seen));
        total = p.loss * now;
        seen = now;
      },
    }),
  );
  return { losses, model };
}

describe.skipIf(!setup.backend)(`MNIST CNN training on webgpu${setup.skipReason ? ` (skipped: ${setup.skipReason})` : ''}`, () => {
  it(`gives the CPU's losses step for step over ${STEPS} Adam steps (batch ${BATCH}), reading back only loss and logits`, async () => {
    const gpu = setup.backend;
    if (!gpu) throw new Error('unreachable: suite is skipped without a backend');
    const data = await digits();
    const cpu = await run(cpuBackend, data);
    const before = gpu.memory();
    const onGpu = await run(gpu, data);
    const after = gpu.memory();

    expect(onGpu.losses).toHaveLength(STEPS);
    const worstStep = onGpu.losses.reduce((m, v, i) => Math.max(m, Math.abs(v - cpu.losses[i])), 0);
    console.info(`MNIST CNN, ${STEPS} steps: losses ${cpu.losses[0].toFixed(4)} -> ${cpu.losses[STEPS - 1].toFixed(4)} on the CPU; largest webgpu difference ${worstStep.toExponential(2)}`);
    for (let step = 0; step < STEPS; step++) {
      const [want, got] = [cpu.losses[step], onGpu.losses[step]];
      if (!(Math.abs(got - want) <= 1e-3 * Math.max(1, Math.abs(want)))) throw new Error(`step ${step + 1}: webgpu loss ${got}, cpu ${want}`);
    }
    // It learned: the last steps' loss is well below the first's (about ln 10 = 2.30).
    expect(onGpu.losses.slice(-3).reduce((a, b) => a + b, 0) / 3).toBeLessThan(onGpu.losses[0] - 0.3);

    // Per step only the loss and the logits came back; the 8 parameter tensors once at the end.
    const parameterTensors = [...onGpu.model.parameters.values()].reduce((sum, p) => sum + (p.weight ? 1 : 0) + (p.bias ? 1 : 0), 0);
    expect(after.readbacks - before.readbacks).toBe(2 * STEPS + parameterTensors);
    // Parameters are back on the CPU, optimizer state freed.
    expect(after.liveBuffers).toBe(before.liveBuffers);
    for (const [id, p] of onGpu.model.parameters) {
      expect(p.weight?.device, id).toBe('cpu');
      const want = cpu.model.parameters.get(id)?.weight?.data as Float32Array;
      const worst = (p.weight?.data as Float32Array).reduce((m, v, i) => Math.max(m, Math.abs(v - want[i])), 0);
      expect(worst, `${id}.weight`).toBeLessThan(1e-3);
    }
  });
});
