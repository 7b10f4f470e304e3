import { createModel, loadMnist, mnistCnn, randn, Tensor, tidy, train, withBackend } from '@convstudio/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type GpuBackend, gpuBackendOn } from './gpu-backend.js';
import { gpuForTests } from './gpu-setup.fixture.js';

const setup = await gpuForTests();

/** Counts `queue.submit` calls on the device (the oracle: the backend's own bookkeeping is not trusted). */
function countSubmits(device: GPUDevice): { readonly count: number; restore(): void } {
  const queue = device.queue;
  const original = queue.submit;
  let count = 0;
  queue.submit = function (this: GPUQueue, buffers: Iterable<GPUCommandBuffer>) {
    count++;
    return original.call(this, buffers);
  };
  return {
    get count() {
      return count;
    },
    restore: () => {
      queue.submit = original;
    },
  };
}

/** The MNIST CNN's eval forward pass on `backend`, parameters on the device; its logits and the submits it made. */
async function forwardPass(backend: GpuBackend) {
  const model = createModel(mnistCnn());
  model.toBackend(backend);
  const x = randn([4, 1, 28, 28], { seed: 9 });
  const submits = countSubmits(backend.device);
  try {
    const logits = withBackend(backend, () => tidy(() => {
      const activations = model.forward(x, { mode: 'eval' });
      return activations.get(model.outputId) as Tensor;
    }));
    const during = submits.count;
    const values = await logits.read();
    logits.dispose();
    return { values, submits: during, withRead: submits.count };
  } finally {
    submits.restore();
    await model.toCpu();
  }
}

describe.skipIf(!setup.backend)(`command batching on webgpu${setup.skipReason ? ` (skipped: ${setup.skipReason})` : ''}`, () => {
  const backend = setup.backend as GpuBackend;
  // The same device, submitting every dispatch on its own: the behaviour before batching.
  const perDispatch = setup.backend ? gpuBackendOn((backend as unknown as { gpu: GPU }).gpu, backend.device, backend.adapter, { submitMode: 'dispatch' }) : undefined;
  afterAll(() => perDispatch?.trim());

  it('submits a whole MNIST CNN forward pass as one command buffer, with the same logits as one submit per dispatch', async () => {
    const batched = await forwardPass(backend);
    const single = await forwardPass(perDispatch as GpuBackend);
    // Every layer is at least one dispatch: conv, relu, pool, conv, relu, pool, flatten, dense x2 ...
    expect(single.submits).toBeGreaterThan(8);
    expect(batched.submits).toBe(1);
    // Reading the logits adds one submit: the copy into the mapped staging buffer.
    expect(batched.withRead).toBe(2);
    expect(Array.from(batched.values)).toEqual(Array.from(single.values));
    console.info(`MNIST CNN forward pass: ${single.submits} submits one per dispatch, ${batched.submits} batched`);
  });

  it('submits a training step (forward, loss, backward, Adam) as one command buffer plus the loss and logits reads', async () => {
    const { train: all } = await loadMnist({ seed: 3, limit: 200 });
    const count = 3 * 16;
    const [, c, h, w] = all.images.shape;
    const data = { images: new Tensor(all.images.data.slice(0, count * c * h * w), [count, c, h, w]), labels: all.labels.slice(0, count) };
    const batched = await trainSteps(backend, data);
    const single = await trainSteps(perDispatch as GpuBackend, data);
    // Uploading the parameters and creating Adam's state record no command, so every step makes
    // 3 submits: the step's one command buffer, then one copy each for reading the loss and the logits.
    expect(batched.perStep).toEqual([3, 3, 3]);
    for (const n of single.perStep) expect(n).toBeGreaterThan(30);
    expect(batched.losses).toEqual(single.losses);
    console.info(`MNIST CNN training step: ${single.perStep[0]} submits one per dispatch, ${batched.perStep[0]} batched`);
  });
});

/** Three Adam steps of the MNIST CNN on `backend`: submits and the running loss after each step. */
async function trainSteps(backend: GpuBackend, data: { images: Tensor; labels: Int32Array }) {
  const model = createModel(mnistCnn());
  const submits = countSubmits(backend.device);
  const perStep: number[] = [];
  const losses: number[] = [];
  let last = 0;
  try {
    await withBackend(backend, () =>
      train(model, { train: data }, {
        epochs: 1, batchSize: 16, seed: 1, optimizer: { kind: 'adam', learningRate: 1e-3 },
        onProgress: (p) => {
          perStep.push(submits.count - last);
          losses.push(p.loss);
          last = submits.count;
        },
      }),
    );
  } finally {
    submits.restore();
  }
  return { perStep, losses };
}
