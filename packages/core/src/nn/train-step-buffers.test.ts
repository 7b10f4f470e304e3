import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withBackend } from '../backend-registry.js';
import { createCpuBackend } from '../cpu/index.js';
import { Tensor } from '../tensor.js';
import { createRandom } from '../random.js';
import { wasmKernelsReady } from '../wasm/load.js';
import { chainPipeline } from './chain-pipeline.fixture.js';
import { createModel } from './model.js';
import { evaluate, train } from './train.js';

// A switch for the reuse of step outputs, so one test can train with and without it.
const reuse = vi.hoisted(() => ({ on: true, recycled: 0 }));
vi.mock('../step-buffers.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../step-buffers.js')>();
  class Switchable extends actual.StepBuffers {
    override recycle(survivors: Iterable<Float32Array>): void {
      // Off: recycle against every array handed out, i.e. keep them all (nothing is reused).
      if (reuse.on) super.recycle(survivors);
      else super.recycle([...survivors, ...((this as unknown as { handed: Float32Array[] }).handed)]);
      reuse.recycled += this.freeCount;
    }
  }
  return { ...actual, StepBuffers: Switchable };
});

// Big enough for the WebAssembly kernels (ReLU from 4,096 elements), with batch norm's buffers
// replaced every train-mode step.
const pipeline = () =>
  chainPipeline([1, 28, 28], [
    { kind: 'conv2d', params: { outChannels: 8, kernelSize: 3, padding: 'same' } },
    { kind: 'batchNorm2d', params: {} },
    { kind: 'relu', params: {} },
    { kind: 'maxPool2d', params: { kernelSize: 2 } },
    { kind: 'conv2d', params: { outChannels: 8, kernelSize: 3, padding: 'same' } },
    { kind: 'relu', params: {} },
    { kind: 'maxPool2d', params: { kernelSize: 2 } },
    { kind: 'flatten', params: {} },
    { kind: 'linear', params: { outFeatures: 3 } },
  ] as never);

function data(n: number) {
  const random = createRandom(7);
  const images = Float32Array.from({ length: n * 784 }, () => random.next());
  return { images: new Tensor(images, [n, 1, 28, 28]), labels: Int32Array.from({ length: n }, (_, i) => i % 3) };
}

// One thread: with more, the weight gradient's sums depend on when the threads came up.
const run = (on: boolean, held: Float32Array[] = []) => withBackend(createCpuBackend({ threads: 1 }), () => runOn(on, held));

async function runOn(on: boolean, held: Float32Array[]) {
  reuse.on = on;
  reuse.recycled = 0;
  const model = createModel(pipeline());
  const probe = data(4).images;
  const { history } = await train(model, { train: data(48), validation: data(24) }, {
    epochs: 2,
    batchSize: 16,
    optimizer: { kind: 'adam', learningRate: 0.01 },
    // Outputs a caller takes between steps must never be written again by later steps.
    onProgress: () => {
      const out = model.forward(probe).get('n5') as Tensor;
      held.push(out.data);
    },
  });
  const parameters = [...model.parameters.values()].flatMap((p) => [p.weight?.data, p.bias?.data]);
  const buffers = [...model.buffers().values()].flatMap((b) => Object.values(b).map((t) => t.data));
  return { history, parameters, buffers, recycled: reuse.recycled, evaluation: await evaluate(model, data(40), 8) };
}

describe('train with step outputs reused', () => {
  beforeAll(() => wasmKernelsReady());

  it('gives the same losses, parameters and buffers to the last bit as without reuse, and leaves held outputs alone', async () => {
    const held: Float32Array[] = [];
    const plain = await run(false);
    const reused = await run(true, held);
    expect(reused.recycled).toBeGreaterThan(0);
    expect(plain.recycled).toBe(0);
    for (const [i, h] of plain.history.entries()) {
      for (const key of ['trainLoss', 'trainAccuracy', 'validationLoss', 'validationAccuracy'] as const) expect(Object.is(reused.history[i][key], h[key])).toBe(true);
    }
    expect(reused.parameters).toEqual(plain.parameters);
    expect(reused.buffers).toEqual(plain.buffers);
    expect(reused.evaluation).toEqual(plain.evaluation);
    // Every probe ran on the parameters of its moment: consecutive ones differ, and none was
    // overwritten by a later step (each is its own array, still holding a forward's values).
    expect(new Set(held).size).toBe(held.length);
    expect(held[0]).not.toEqual(held[held.length - 1]);
    const again = createModel(pipeline()).forward(data(4).images).get('n5') as Tensor;
    expect(again.data).not.toBe(held[0]);
  });
});
