import { generateVariants, parseSweepSpec, type EpochRecord, type SweepSpec, type Variant } from '@convstudio/core';
import type { RunConfig } from './run-store.js';

/** A small sweep as core parses it: two kernel sizes of the MNIST CNN, two seeds. */
export function smallSweep(): { spec: SweepSpec; variants: Variant[]; config: (seed: number) => RunConfig } {
  const parsed = parseSweepSpec({
    format: 'convstudio-sweep', version: 1, name: 'store test', base: 'mnist-cnn',
    axes: [{ axis: 'kernelSize', values: [3, 5] }], seeds: [0, 1],
    data: { dataset: 'synthetic' }, training: { epochs: 3, batchSize: 2 },
  });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  const spec = parsed.spec;
  return { spec, variants: generateVariants(parsed.base, spec), config: (seed) => ({ hyperparameters: spec.training, data: spec.data, seed, codeVersion: 'test' }) };
}

/** An epoch's record whose bytes say which epoch they are (`size` bytes of weights, a tenth of that of optimizer state). */
export function epochRecord(epoch: number, size = 64): EpochRecord {
  return {
    metrics: { epoch, trainLoss: 1 / epoch, trainAccuracy: 0.5 + epoch / 100, validationLoss: 1.5 / epoch, durationMs: 10 * epoch },
    snapshot: { epoch, probeSize: 2, activations: [{ nodeId: 'relu1', deadFraction: 0.1 * epoch, largeFraction: 0.01 }], layers: [] },
    weights: new Uint8Array(size).fill(epoch % 256),
    checkpoint: { epochsDone: epoch, forwardCount: 10 * epoch, optimizerStep: 5 * epoch, optimizer: new Uint8Array(Math.max(1, size / 10)).fill((epoch + 1) % 256) },
  };
}
