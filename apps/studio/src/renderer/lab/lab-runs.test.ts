import { generateVariants, mnistCnn, type ValidVariant } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../host/kv-store.js';
import { labEvidence, labRunStore, partialRunStore, type LabRun, type PartialLabRun } from './lab-runs.js';

const variants = generateVariants(mnistCnn(), { axes: [{ axis: 'denseLayers', values: [1, 2] }], mode: 'cross' }).filter((v): v is ValidVariant => v.ok);

function run(variantId: string, seed: number, accuracy: number, dead: number): LabRun {
  const metrics = { epoch: 1, trainLoss: 1, trainAccuracy: accuracy, validationLoss: 1 - accuracy, validationAccuracy: accuracy, durationMs: 5 };
  const activations = [{ nodeId: 'relu1', deadFraction: 0.9, largeFraction: 0 }, { nodeId: 'relu3', deadFraction: dead, largeFraction: 0 }];
  return { key: `${variantId}/s${seed}`, variantId, seed, status: 'done', history: [metrics], snapshots: [{ epoch: 1, probeSize: 4, activations, layers: [] }], test: { loss: 1 - accuracy, accuracy } };
}

describe('labEvidence', () => {
  it('summarizes over seeds, marks the Pareto fronts and averages the dense ReLUs’ dead fraction only', () => {
    const runs = [run('v0', 0, 0.9, 0.1), run('v0', 1, 0.92, 0.3), run('v1', 0, 0.95, 0.5), { ...run('v1', 1, 0.1, 0), status: 'failed' as const }];
    const e = labEvidence(variants, runs);
    expect(e.summaries.find((s) => s.variantId === 'v0')?.accuracy.mean).toBeCloseTo(0.91, 12);
    expect(e.summaries.find((s) => s.variantId === 'v1')?.accuracy.n).toBe(1);
    // relu1 follows a convolution: it does not count; relu3 follows fc1.
    expect(e.deadFractions?.get('v0')).toBeCloseTo(0.2, 12);
    expect(e.deadFractions?.get('v1')).toBeCloseTo(0.5, 12);
    expect([...e.paretoParams]).toEqual(['v0', 'v1']);
  });
});

describe('labRunStore', () => {
  it('keeps a sweep’s finished runs under its key, and reads a broken entry as none', async () => {
    const kv = memoryStore({ failing: ['lab:broken'] });
    await labRunStore.save(kv, 'abc', [run('v0', 0, 0.9, 0.1)]);
    expect((await labRunStore.load(kv, 'abc')).map((r) => r.key)).toEqual(['v0/s0']);
    expect(await labRunStore.load(kv, 'other')).toEqual([]);
    expect(await labRunStore.load(kv, 'broken')).toEqual([]);
  });
});

describe('partialRunStore', () => {
  const partial = (epochs: number): PartialLabRun => ({
    key: 'v1/s0',
    history: run('v1', 0, 0.5, 0).history.concat(epochs > 1 ? run('v1', 0, 0.6, 0).history : []).slice(0, epochs),
    snapshots: run('v1', 0, 0.5, 0).snapshots.concat(epochs > 1 ? run('v1', 0, 0.6, 0).snapshots : []).slice(0, epochs),
    weights: Uint8Array.of(1, 2, 3),
    checkpoint: { epochsDone: epochs, forwardCount: 7, optimizerStep: 3, optimizer: Uint8Array.of(4, 5) },
  });

  it('keeps a run in progress per sweep and run, and forgets it once the run is done', async () => {
    const kv = memoryStore();
    await partialRunStore.save(kv, 'abc', partial(2));
    expect(await partialRunStore.load(kv, 'abc', 'v1/s0')).toEqual(partial(2));
    expect(await partialRunStore.load(kv, 'abc', 'v0/s0')).toBeUndefined();
    expect(await partialRunStore.load(kv, 'other', 'v1/s0')).toBeUndefined();
    await partialRunStore.remove(kv, 'abc', 'v1/s0');
    expect(await partialRunStore.load(kv, 'abc', 'v1/s0')).toBeUndefined();
  });

  it('reads an entry whose epochs and checkpoint disagree, or that cannot be read, as none (the run starts over)', async () => {
    const kv = memoryStore({ failing: ['lab:abc:partial:v2/s0'] });
    await partialRunStore.save(kv, 'abc', { ...partial(2), checkpoint: { ...partial(2).checkpoint, epochsDone: 1 } });
    expect(await partialRunStore.load(kv, 'abc', 'v1/s0')).toBeUndefined();
    expect(await partialRunStore.load(kv, 'abc', 'v2/s0')).toBeUndefined();
  });
});
