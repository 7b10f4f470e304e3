import { describe, expect, it } from 'vitest';
import { deadUnitFraction } from '../analysis/dead-units.js';
import { singularValues, weightMatrix } from '../analysis/svd.js';
import { createModel } from '../nn/model.js';
import { chain, node, pipelineOf } from '../nn/templates/index.js';
import { crossEntropyBackward } from '../ops/cross-entropy.js';
import { createRandom } from '../random.js';
import { Tensor } from '../tensor.js';
import { indicatorSnapshot } from './indicators.js';
import { encodeWeightsSidecar } from '../project/weights-sidecar.js';
import { modelTensors, parametersFromWeights, runVariant, type EpochRecord, type RunData } from './run-variant.js';

const pipeline = pipelineOf({ name: 'tiny', description: 'a tiny CNN', seed: 5 }, [
  chain([
    node('input', 'input', { channels: 1, height: 8, width: 8 }),
    node('conv1', 'conv2d', { outChannels: 4, kernelSize: 3 }),
    node('relu1', 'relu'),
    node('flatten', 'flatten'),
    node('fc1', 'linear', { outFeatures: 6 }),
    node('relu2', 'relu'),
    node('fc2', 'linear', { outFeatures: 2 }),
  ]),
]);

/** Bright top half = class 0, bright bottom half = class 1, with noise. */
function data(n: number, seed: number) {
  const rng = createRandom(seed);
  const images = new Float32Array(n * 64);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let p = 0; p < 64; p++) images[i * 64 + p] = ((p < 32) === (labels[i] === 0) ? 1 : 0) + 0.3 * rng.next();
  }
  return { images: new Tensor(images, [n, 1, 8, 8]), labels };
}
const runData: RunData = { train: data(32, 1), validation: data(16, 2), test: data(16, 3), probe: data(8, 4) };
const training = { epochs: 3, batchSize: 8, optimizer: { kind: 'adam' as const, learningRate: 0.01 } };

describe('indicatorSnapshot', () => {
  it('measures dead units, singular values and gradient norms as the analyses and backward do', () => {
    const model = createModel(pipeline);
    const snap = indicatorSnapshot(model, runData.probe, 1);
    const outputs = model.forward(runData.probe.images, { mode: 'eval' });
    expect(snap.activations.map((a) => a.nodeId)).toEqual(['relu1', 'relu2']);
    expect(snap.activations[0].deadFraction).toBe(deadUnitFraction(outputs.get('relu1') as Tensor).fraction);
    const fc1 = snap.layers.find((l) => l.nodeId === 'fc1');
    const expected = Array.from(singularValues(weightMatrix(model.parameters.get('fc1')?.weight as Tensor)));
    expect(fc1?.singularValues).toEqual(expected);
    expect(fc1?.conditionNumber).toBeCloseTo(expected[0] / expected[expected.length - 1], 6);
    const logits = outputs.get('fc2') as Tensor;
    const grad = model.backward(outputs, crossEntropyBackward(logits, runData.probe.labels), 'fc2').parameters.get('conv1')?.weight as Tensor;
    const norm = Math.sqrt(grad.data.reduce((s, v) => s + v * v, 0));
    expect(snap.layers[0].gradientNorm).toBeCloseTo(norm, 6);
    expect(snap.layers[0].gradientNorm).toBeGreaterThan(0);
  });
});

describe('runVariant', () => {
  it('trains from the seed, reports each epoch with its snapshot and weights, and scores the test set', async () => {
    const records: EpochRecord[] = [];
    const job = { key: 'v0/s3', variantId: 'v0', pipeline, seed: 3, training };
    const result = await runVariant(job, runData, { onEpoch: (r) => void records.push(r) });
    expect(result.cancelled).toBe(false);
    expect(records.map((r) => [r.metrics.epoch, r.snapshot.epoch])).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(result.history.at(-1)?.trainLoss).toBeLessThan(result.history[0].trainLoss);
    expect(result.test?.accuracy).toBeGreaterThan(0.9);
    // The stored weights rebuild a model that scores exactly as the trained one.
    const model = createModel({ ...pipeline, seed: 3 });
    const restored = createModel({ ...pipeline, seed: 3 }, { parameters: parametersFromWeights(model, result.weights) });
    const again = createModel({ ...pipeline, seed: 3 }, { parameters: parametersFromWeights(model, records[2].weights) });
    const a = restored.forward(runData.test.images).get('fc2') as Tensor;
    const b = again.forward(runData.test.images).get('fc2') as Tensor;
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    // Same seed, same run: the sweep's runs are reproducible.
    const twice = await runVariant(job, runData);
    expect(twice.history.map((m) => m.trainLoss)).toEqual(result.history.map((m) => m.trainLoss));
  });

  it('stops when cancelled, without a test score', async () => {
    const controller = new AbortController();
    const result = await runVariant({ key: 'k', variantId: 'v', pipeline, seed: 0, training }, runData, {
      signal: controller.signal,
      onEpoch: () => controller.abort(),
    });
    expect(result.cancelled).toBe(true);
    expect(result.history).toHaveLength(1);
    expect(result.test).toBeUndefined();
  });

  it('refuses weights saved for another structure', () => {
    const other = createModel({ ...pipeline, nodes: pipeline.nodes.map((n) => (n.id === 'fc1' ? { ...n, params: { outFeatures: 7 } } : n)) } as typeof pipeline);
    const model = createModel(pipeline);
    const bytes = encodeWeightsSidecar(modelTensors(model), model.hash);
    expect(() => parametersFromWeights(other, bytes)).toThrow(/^stored run weights: were saved for pipeline [0-9a-f]{14}, this run's pipeline is/);
    expect(parametersFromWeights(model, bytes).get('fc1')?.weight?.data).toEqual(model.parameters.get('fc1')?.weight?.data);
  });
});
