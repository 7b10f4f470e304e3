import { describe, expect, it } from 'vitest';
import { syntheticNine, syntheticSix } from '../data/synthetic-digits.js';
import { Tensor } from '../tensor.js';
import { chainPipeline } from './chain-pipeline.fixture.js';
import { createModel, type Model } from './model.js';
import type { OptimizerConfig } from './optimizers.js';
import { type EpochMetrics, type LabelledData, train, type TrainCheckpoint } from './train.js';

// The document's 6 and 9 and their mirror images, with noise: 4 classes x 6 images.
function digits(): LabelledData {
  const images: number[] = [];
  const labels: number[] = [];
  [syntheticSix(), syntheticNine()].forEach((image, label) => {
    for (let k = 0; k < 12; k++) {
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) images.push(image.get(0, 0, y, k % 2 ? 27 - x : x) / 255 + 0.05 * Math.sin(k * 7 + y * 3 + x));
      labels.push(label * 2 + (k % 2));
    }
  });
  return { images: new Tensor(Float32Array.from(images), [labels.length, 1, 28, 28]), labels: Int32Array.from(labels) };
}

// Dropout makes the dropout seed (the model's forward count) part of what a resume must restore.
const pipeline = () => ({
  ...chainPipeline([1, 28, 28], [
    { kind: 'conv2d', params: { outChannels: 4, kernelSize: 5 } },
    { kind: 'relu', params: {} },
    { kind: 'maxPool2d', params: { kernelSize: 4 } },
    { kind: 'flatten', params: {} },
    { kind: 'dropout', params: { p: 0.3 } },
    { kind: 'linear', params: { outFeatures: 4 } },
  ] as never),
  seed: 5,
});

const parameters = (model: Model) => [...model.parameters].flatMap(([id, p]) => [[`${id}.weight`, Array.from(p.weight?.data ?? [])], [`${id}.bias`, Array.from(p.bias?.data ?? [])]]);

/** Copies a model's parameters into a fresh model of the same pipeline (what a checkpoint's weights give). */
function restored(from: Model): Model {
  const model = createModel(pipeline());
  for (const [id, p] of from.parameters) {
    const into = model.parameters.get(id)!;
    if (p.weight) into.weight!.data.set(p.weight.data);
    if (p.bias) into.bias!.data.set(p.bias.data);
  }
  return model;
}

describe('train, resumed from a checkpoint', () => {
  for (const optimizer of [{ kind: 'adam', learningRate: 0.01 }, { kind: 'sgd', learningRate: 0.05, momentum: 0.9 }] as OptimizerConfig[]) {
    it(`with ${optimizer.kind}, ends with the very weights and metrics of the run never stopped`, async () => {
      const data = { train: digits(), validation: digits() };
      const options = { epochs: 4, batchSize: 5, optimizer, seed: 3 };
      const whole = createModel(pipeline());
      const wholeRun = await train(whole, data, options);

      // Stopped after epoch 2: the checkpoint and a copy of the weights are all that survive.
      const first = createModel(pipeline());
      let checkpoint: TrainCheckpoint | undefined;
      let saved: Model | undefined;
      const controller = new AbortController();
      await train(first, data, {
        ...options,
        signal: controller.signal,
        onEpochEnd: async (metrics, take) => {
          if (metrics.epoch !== 2) return;
          checkpoint = await take();
          saved = restored(first);
          controller.abort();
        },
      });
      expect(checkpoint?.epochsDone).toBe(2);
      const resumed = saved!;
      const rest = await train(resumed, data, { ...options, resume: checkpoint });
      const strip = (h: EpochMetrics[]) => h.map(({ durationMs: _, ...m }) => m);
      expect(strip(rest.history)).toEqual(strip(wholeRun.history.slice(2)));
      expect(parameters(resumed)).toEqual(parameters(whole));
    });
  }

  it('without the optimizer state it would not: the checkpoint carries what matters', async () => {
    const data = { train: digits() };
    const options = { epochs: 2, batchSize: 5, optimizer: { kind: 'adam', learningRate: 0.01 } as OptimizerConfig, seed: 3 };
    const whole = createModel(pipeline());
    let checkpoint: TrainCheckpoint | undefined;
    let saved: Model | undefined;
    await train(whole, data, { ...options, onEpochEnd: async (m, take) => void (m.epoch === 1 && ((checkpoint = await take()), (saved = restored(whole)))) });
    const fresh = await train(saved!, data, { ...options, resume: { ...checkpoint!, optimizer: { step: 0, slots: {} } } });
    expect(fresh.history).toHaveLength(1);
    expect(parameters(saved!)).not.toEqual(parameters(whole));
  });

  it('refuses a checkpoint past the epochs to train, and optimizer state of the wrong size, naming the field', async () => {
    const data = { train: digits() };
    const model = createModel(pipeline());
    const options = { epochs: 2, batchSize: 5, optimizer: { kind: 'adam' } as OptimizerConfig };
    await expect(train(model, data, { ...options, resume: { epochsDone: 3, forwardCount: 0, optimizer: { step: 0, slots: {} } } })).rejects.toThrow(/resume\.epochsDone must be a whole number from 0 to epochs \(2\), got 3/);
    const wrong = { epochsDone: 1, forwardCount: 0, optimizer: { step: 5, slots: { 'conv1.weight': [new Float32Array(3), new Float32Array(3)] } } };
    const id = model.pipeline.nodes[1].id;
    await expect(train(model, data, { ...options, resume: { ...wrong, optimizer: { step: 5, slots: { [`${id}.weight`]: wrong.optimizer.slots['conv1.weight'] } } } })).rejects.toThrow(new RegExp(`state of ${id}\\.weight must hold 2 buffer\\(s\\) of 100 values, got 2 of \\[3, 3\\]`));
  });
});
