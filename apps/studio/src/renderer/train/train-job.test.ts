import { createModel, mnistCnn, Tensor, tinyVgg, type Pipeline } from '@convstudio/core';
import { batchNormNet } from '@convstudio/core/testing';
import { describe, expect, it } from 'vitest';
import { withTrainedLayers } from '../editor/node-weights.js';
import { packLayerValues } from '../run/layer-values.js';
import { doneMessage, trainPipeline } from './train-job.js';
import type { TrainSettings } from './train-protocol.js';

const quick: TrainSettings = { task: 'sixVsNine', samples: 160, epochs: 2, batchSize: 16, optimizer: 'adam', learningRate: 2e-3 };

/** The MNIST CNN with a 2-class head, for the 6-vs-9 task. */
function sixNineCnn() {
  const pipeline = mnistCnn();
  const head = pipeline.nodes[pipeline.nodes.length - 1];
  if (head.kind !== 'linear') throw new Error('expected the MNIST CNN to end in a linear layer');
  head.params = { ...head.params, outFeatures: 2 };
  return pipeline;
}

describe('trainPipeline', () => {
  it('trains Tiny VGG (RGB, 64x64) on the digits, repeated into three planes and resized, and says so', async () => {
    const result = await trainPipeline(tinyVgg(), { ...quick, task: 'digits', samples: 100, epochs: 1 }, { onProgress: () => {}, onEpoch: () => {} });
    expect(result.notices).toEqual(["MNIST: 28x28 images resized to 64x64, the input's size", 'MNIST: grayscale images fed to a 3-channel input as 3 equal planes']);
    expect(result.history).toHaveLength(1);
  });

  it('trains on MNIST 6s and 9s, reports every batch and epoch, and returns every layer with its values', async () => {
    const progress: number[] = [];
    const epochs: number[] = [];
    const result = await trainPipeline(sixNineCnn(), quick, { onProgress: (p) => progress.push(p.batch), onEpoch: (m) => epochs.push(m.epoch) });
    expect(result.cancelled).toBe(false);
    expect(epochs).toEqual([1, 2]);
    expect(progress.length).toBeGreaterThanOrEqual(2 * Math.floor((160 * 0.8) / 16));
    // 6 and 9 are easy: two short epochs already beat chance clearly.
    expect(result.history[1].validationAccuracy).toBeGreaterThan(0.7);
    const conv1 = result.layers.find((l) => l.id === 'conv1');
    expect(conv1?.weight).toBeInstanceOf(Float32Array);
    expect(conv1?.weight).toHaveLength(8 * 1 * 3 * 3);
    expect(conv1?.bias).toHaveLength(8);
    // The done message carries the values as Float32Arrays with their own buffers, each transferred once.
    const { message, transfer } = doneMessage(result);
    expect(transfer).toHaveLength(result.layers.length * 2);
    expect(new Set(transfer).size).toBe(transfer.length);
    expect(message.layers.every((l) => l.weight instanceof Float32Array && l.weight.byteLength === l.weight.buffer.byteLength)).toBe(true);
    const cloned = structuredClone(message, { transfer });
    expect(cloned.layers[0].weight).toBeInstanceOf(Float32Array);
    expect(conv1!.weight.byteLength).toBe(0); // moved, not copied
    // The structured diagnosis measures every ReLU and learnable layer of the net, on held-out digits.
    const ids = (kinds: string[]) => sixNineCnn().nodes.filter((n) => kinds.includes(n.kind)).map((n) => n.id);
    expect(result.diagnosis.deadUnits.map((d) => d.nodeId)).toEqual(ids(['relu']));
    expect(result.diagnosis.spectra.map((s) => s.nodeId)).toEqual(ids(['conv2d', 'linear']));
    expect(result.diagnosis.batchSize).toBe(32);
    expect(result.diagnosis.plateau?.trainLoss).toBeDefined();
    // Worker messages are structured clones: the diagnosis must survive one unchanged.
    expect(structuredClone(result.diagnosis)).toEqual(result.diagnosis);
    expect(result.diagnosisText).toContain(`relu`);
  });

  it('starts from the values packed beside the pipeline (as the page sends them), not from the initialisation', async () => {
    // A trained pipeline as the studio holds it: every layer's values written into its nodes.
    const initial = createModel(sixNineCnn());
    const layers = [...initial.parameters].map(([id, p]) => ({ id, weight: p.weight!.data.map((v, i) => (i % 2 ? v : -v)), bias: p.bias!.data.map(() => 0.25) }));
    const packed = packLayerValues(withTrainedLayers(sixNineCnn(), layers));
    expect(packed.pipeline.nodes.some((n) => 'weight' in n && (n as { weight?: { values?: unknown } }).weight?.values !== undefined)).toBe(false);
    expect(packed.values.every((v) => v.weight instanceof Float32Array)).toBe(true);
    // Cancelled at the first batch's report: what comes back is one small step from the given values, far from the initialisation.
    const controller = new AbortController();
    const result = await trainPipeline(packed.pipeline, { ...quick, learningRate: 1e-6 }, { onProgress: () => controller.abort('stop'), onEpoch: () => {} }, controller.signal, packed.values);
    const fc2 = result.layers.find((l) => l.id === 'fc2')!;
    const given = layers.find((l) => l.id === 'fc2')!;
    const distance = (a: Float32Array, b: Float32Array) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    expect(distance(fc2.bias!, given.bias)).toBeLessThan(1e-4);
    expect(distance(fc2.weight, given.weight)).toBeLessThan(1e-4);
    expect(distance(fc2.weight, initial.parameters.get('fc2')!.weight!.data)).toBeGreaterThan(1e-2);
  });

  it('returns a batch norm\'s trained running statistics, which the studio writes into the node and a model evaluates with', async () => {
    const bnNet = batchNormNet({ size: 28, kernelSize: 5, stride: 3, seed: 2 });
    const result = await trainPipeline(bnNet, { ...quick, epochs: 1 }, { onProgress: () => {}, onEpoch: () => {} });
    const bn = result.layers.find((l) => l.id === 'bn')!;
    expect(Object.keys(bn.buffers ?? {}).sort()).toEqual(['runningMean', 'runningVar']);
    const { runningMean, runningVar } = bn.buffers!;
    // Moved away from the defaults (mean 0, variance 1) by the batches seen.
    expect(Math.max(...runningMean.map(Math.abs))).toBeGreaterThan(1e-3);
    expect(Math.max(...runningVar.map((v) => Math.abs(v - 1)))).toBeGreaterThan(1e-3);
    // The studio's document keeps them; the next run (or save) evaluates with them.
    const trained = withTrainedLayers(bnNet, result.layers);
    expect(trained.nodes.find((n) => n.id === 'bn')!.bufferValues).toEqual({ runningMean, runningVar });
    const model = createModel(trained);
    expect(model.buffers().get('bn')!.runningVar.data).toEqual(runningVar);
    const x = new Tensor(new Float32Array(28 * 28).fill(0.5), [1, 1, 28, 28]);
    const withoutStats = createModel({ ...trained, nodes: trained.nodes.map((n) => (n.id === 'bn' ? { ...n, bufferValues: undefined } : n)) as Pipeline['nodes'] });
    expect(Array.from(model.forward(x, { mode: 'eval' }).get('bn')!.data)).not.toEqual(Array.from(withoutStats.forward(x, { mode: 'eval' }).get('bn')!.data));
    // The done message transfers them with the weights and biases.
    const { transfer } = doneMessage(result);
    expect(transfer).toHaveLength(result.layers.length * 2 + 2);
    // Training again from the packed document starts from those statistics.
    const packed = packLayerValues(trained);
    expect(packed.values.find((v) => v.id === 'bn')!.buffers!.runningMean).toEqual(Float32Array.from(trained.nodes.find((n) => n.id === 'bn')!.bufferValues!.runningMean));
    const controller = new AbortController();
    const again = await trainPipeline(packed.pipeline, { ...quick, learningRate: 1e-6 }, { onProgress: () => controller.abort('stop'), onEpoch: () => {} }, controller.signal, packed.values);
    const before = trained.nodes.find((n) => n.id === 'bn')!.bufferValues!.runningMean;
    // One batch's momentum step (0.1) from the given statistics, not from zero.
    const after = again.layers.find((l) => l.id === 'bn')!.buffers!.runningMean;
    for (let c = 0; c < 4; c++) expect(Math.abs(after[c] - before[c])).toBeLessThan(Math.abs(before[c]) * 0.5 + 0.05);
  });

  it('stops between batches when cancelled and keeps what it learned so far', async () => {
    const controller = new AbortController();
    const result = await trainPipeline(sixNineCnn(), quick, { onProgress: () => controller.abort('stop'), onEpoch: () => {} }, controller.signal);
    expect(result.cancelled).toBe(true);
    expect(result.layers.length).toBeGreaterThan(0);
  });

  it('refuses pipelines MNIST cannot train, naming the node and field', async () => {
    // Core's datasetFit: tinyVgg's RGB input takes the digits (repeated), its 10 scores do not fit 2 classes.
    await expect(trainPipeline(tinyVgg(), quick, { onProgress: () => {}, onEpoch: () => {} })).rejects.toMatchObject({ issues: [{ nodeId: 'softmax', detail: 'the MNIST dataset has 2 classes, this node outputs 10 scores' }] });
    await expect(trainPipeline(mnistCnn(), quick, { onProgress: () => {}, onEpoch: () => {} })).rejects.toMatchObject({ issues: [{ nodeId: 'fc2', field: 'params.outFeatures' }] });
  });
});
