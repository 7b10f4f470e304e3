import { describe, expect, it } from 'vitest';
import { syntheticNine, syntheticSix } from '../data/synthetic-digits.js';
import { Tensor, tensor } from '../tensor.js';
import { createModel } from './model.js';
import { createOptimizer } from './optimizers.js';
import { evaluate, type LabelledData, splitData, train } from './train.js';
import { chainPipeline } from './chain-pipeline.fixture.js';
import { loadWeights, saveWeights } from './weights-file.js';

/** The document's 6 and 9, each shifted by up to 2 pixels: 2 classes x 25 images. */
function sixesAndNines(): LabelledData {
  const sources = [syntheticSix(), syntheticNine()];
  const images: number[] = [];
  const labels: number[] = [];
  sources.forEach((image, label) => {
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
          const sy = y - dy;
          const sx = x - dx;
          images.push(sy >= 0 && sy < 28 && sx >= 0 && sx < 28 ? image.get(0, 0, sy, sx) / 255 : 0);
        }
        labels.push(label);
      }
    }
  });
  return { images: new Tensor(Float32Array.from(images), [labels.length, 1, 28, 28]), labels: Int32Array.from(labels) };
}

const classifier = (extra: object = {}) =>
  chainPipeline([1, 28, 28], [
    { kind: 'conv2d', params: { outChannels: 4, kernelSize: 5 }, ...extra },
    { kind: 'relu', params: {} },
    { kind: 'maxPool2d', params: { kernelSize: 4 } },
    { kind: 'flatten', params: {} },
    { kind: 'linear', params: { outFeatures: 2 } },
    { kind: 'softmax', params: {} },
  ] as never);

describe('train', () => {
  it('lowers the loss and learns 6 vs 9, trained through the softmax output as logits', async () => {
    const model = createModel(classifier());
    const data = sixesAndNines();
    const before = await evaluate(model, data);
    const { history, cancelled } = await train(model, { train: data }, { epochs: 4, batchSize: 10, optimizer: { kind: 'adam', learningRate: 0.01 } });
    expect(cancelled).toBe(false);
    expect(history).toHaveLength(4);
    expect(history[3].trainLoss).toBeLessThan(history[0].trainLoss);
    const after = await evaluate(model, data);
    expect(after.loss).toBeLessThan(before.loss / 2);
    expect(after.accuracy).toBe(1);
  });

  it('reports progress per batch and stops when cancelled', async () => {
    const model = createModel(classifier());
    const controller = new AbortController();
    const seen: number[] = [];
    const result = await train(model, { train: sixesAndNines() }, {
      epochs: 3,
      batchSize: 10,
      optimizer: { kind: 'sgd', learningRate: 0.05, momentum: 0.9 },
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.batch);
        expect(p.etaMs).toBeGreaterThanOrEqual(0);
        if (p.epoch === 2 && p.batch === 2) controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.history).toHaveLength(1);
    expect(seen).toEqual([1, 2, 3, 4, 5, 1, 2]);
  });

  it('keeps frozen layers unchanged', async () => {
    const model = createModel(classifier({ frozen: true }));
    const kernel = model.parameters.get('n1')?.weight?.data.slice();
    const dense = model.parameters.get('n5')?.weight?.data.slice();
    await train(model, { train: sixesAndNines() }, { epochs: 1, batchSize: 25, optimizer: { kind: 'sgd', learningRate: 0.1 } });
    expect(model.parameters.get('n1')?.weight?.data).toEqual(kernel);
    expect(model.parameters.get('n5')?.weight?.data).not.toEqual(dense);
  });

  it('splits data deterministically without losing samples', () => {
    const data = sixesAndNines();
    const a = splitData(data, 0.2, 5);
    const b = splitData(data, 0.2, 5);
    expect(a.validation.images.shape[0]).toBe(10);
    expect(a.train.images.shape[0] + a.validation.images.shape[0]).toBe(50);
    expect(a.validation.labels).toEqual(b.validation.labels);
  });

  it('refuses labels that do not match the images', async () => {
    const model = createModel(classifier());
    const data = sixesAndNines();
    await expect(train(model, { train: { images: data.images, labels: data.labels.subarray(1) } }, { epochs: 1, optimizer: { kind: 'adam' } })).rejects.toThrow(
      'train: train.labels must hold 1 label(s) per image (50 in all) for images [50,1,28,28], got 49',
    );
  });
});

describe('optimizers', () => {
  const single = (w: number[], g: number[]) => ({
    parameters: new Map([['l', { weight: tensor(w) }]]),
    grads: new Map([['l', { weight: tensor(g) }]]),
  });

  it('SGD with momentum follows v = m·v + g, w -= lr·v', () => {
    const { parameters, grads } = single([1, -1], [0.5, 2]);
    const sgd = createOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 0.9 });
    sgd.step(parameters, grads, new Set());
    sgd.step(parameters, grads, new Set());
    // v1 = g, v2 = 0.9 g + g = 1.9 g; w = w0 - 0.1 (g + 1.9 g) = w0 - 0.29 g
    const w = parameters.get('l')?.weight?.data as Float32Array;
    expect(w[0]).toBeCloseTo(1 - 0.29 * 0.5, 6);
    expect(w[1]).toBeCloseTo(-1 - 0.29 * 2, 6);
  });

  it("Adam's first step moves every weight by about the learning rate against its gradient's sign", () => {
    const { parameters, grads } = single([0, 0, 0], [1e-3, -5, 100]);
    createOptimizer({ kind: 'adam', learningRate: 0.01 }).step(parameters, grads, new Set());
    const w = Array.from(parameters.get('l')?.weight?.data as Float32Array);
    w.forEach((v, i) => expect(v).toBeCloseTo([-0.01, 0.01, -0.01][i], 4));
  });

  it('refuses a bad learning rate', () => {
    expect(() => createOptimizer({ kind: 'sgd', learningRate: -1 })).toThrow('optimizer: learningRate must be a number in [0, 1000], got -1');
  });
});

describe('weights files', () => {
  it('round-trips every parameter exactly and refuses another pipeline', () => {
    const model = createModel(classifier());
    const file = JSON.parse(JSON.stringify(saveWeights(model, { epoch: 2 })));
    const fresh = createModel({ ...classifier(), seed: 99 });
    const loaded = loadWeights(file, fresh);
    for (const [id, p] of model.parameters) {
      expect(loaded.get(id)?.weight?.data).toEqual(p.weight?.data);
      expect(loaded.get(id)?.bias?.data).toEqual(p.bias?.data);
    }
    const other = createModel(chainPipeline([1, 28, 28], [{ kind: 'conv2d', params: { outChannels: 3, kernelSize: 5 } }] as never));
    expect(() => loadWeights(file, other)).toThrow(/saved for another pipeline/);
    file.tensors['n1.weight'].shape = [4, 1, 3, 3];
    expect(() => loadWeights(file, createModel(classifier()))).toThrow('node "n1": weights.weight: expected shape [4,1,5,5], the file has [4,1,3,3]');
  });
});
