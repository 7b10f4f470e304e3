import { describe, expect, it } from 'vitest';
import { mnistSegmentation } from '../data/mnist-segmentation.js';
import { photoPatches } from '../data/photo-patches.js';
import { chain, leNet5, node, pipelineOf, tinyVgg } from '../nn/templates/index.js';
import { createRandom } from '../random.js';
import { Tensor } from '../tensor.js';
import { concludeCnnVsFcn } from './conclude-dense.js';
import { runVariant, type RunData } from './run-variant.js';
import { experimentById } from './experiments.js';
import { parseSweepSpec } from './sweep-spec.js';
import { generateVariants } from './variants.js';
import type { ValidVariant } from './variants.js';
import type { VariantSummary } from './aggregate.js';
import { spreadOf } from './aggregate.js';

const training = { epochs: 1, batchSize: 8, optimizer: { kind: 'adam' as const, learningRate: 0.01 } };

/** 8x8 "digits": class 0 a top half of ink 0.6-0.7, class 1 a bottom half of ink 0.9-1 (a pixel alone tells the class). */
function digits(n: number, seed: number, side = 8) {
  const rng = createRandom(seed);
  const images = new Float32Array(n * side * side);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let p = 0; p < side * side; p++) images[i * side * side + p] = (p < (side * side) / 2) === (labels[i] === 0) ? 0.6 + 0.3 * labels[i] + 0.1 * rng.next() : 0.2 * rng.next();
  }
  return { images: new Tensor(images, [n, 1, side, side]), labels };
}
const sets = (make: (n: number, seed: number) => { images: Tensor; labels: Int32Array }): RunData => ({ train: make(16, 1), validation: make(8, 2), test: make(8, 3), probe: make(4, 4) });

describe('runVariant fits the data to the model (core datasetFit)', () => {
  it('trains LeNet-5 (32x32) on 28x28 digits, padded, with a notice', async () => {
    const data = { ...sets((n, s) => digits(n, s, 28)), info: { name: 'mnist', classes: 2, zeroBackground: true } };
    const result = await runVariant({ key: 'v0/s0', variantId: 'v0', pipeline: leNet5(), seed: 0, training }, data);
    expect(result.notices).toEqual(["mnist: 28x28 images padded with a zero border to 32x32, the input's size"]);
    expect(result.history).toHaveLength(1);
    expect(result.test?.accuracy).toBeGreaterThanOrEqual(0);
    // The first-layer review: every one of conv1's 6 filters in exactly one group, peaks inside the padded 32x32 input.
    expect(result.filters?.nodeId).toBe('conv1');
    expect(result.filters?.clusters.flatMap((c) => c.filters).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const p of result.filters?.clusters.flatMap((c) => c.peaks) ?? []) expect(p.region.bottom).toBeLessThan(32);
    expect(result.filters?.images[0].height).toBe(32);
  });

  it('feeds grayscale digits to Tiny VGG (3x64x64) as three planes, resized', async () => {
    const data = { ...sets((n, s) => digits(n, s, 28)), info: { name: 'mnist', classes: 2 } };
    const result = await runVariant({ key: 'v0/s0', variantId: 'v0', pipeline: tinyVgg(), seed: 0, training: { ...training, batchSize: 16 } }, data);
    expect(result.notices).toEqual(["mnist: 28x28 images resized to 64x64, the input's size", 'mnist: grayscale images fed to a 3-channel input as 3 equal planes']);
    expect(result.test).toBeDefined();
  });

  it('trains Tiny VGG on RGB photo patches with no change to the data', async () => {
    const patches = (n: number, seed: number) => photoPatches({ count: Math.max(8, n), seed }).data;
    const data = { ...sets(patches), info: { name: 'photo-patches', classes: 8 } };
    const result = await runVariant({ key: 'v0/s0', variantId: 'v0', pipeline: tinyVgg(), seed: 0, training: { ...training, batchSize: 16 } }, data);
    expect(result.notices).toEqual([]);
    expect(Number.isFinite(result.history[0].trainLoss)).toBe(true);
  });

  it('refuses data that cannot fit, naming the data set and the node', async () => {
    const rgb = sets((n) => ({ images: new Tensor(new Float32Array(n * 2 * 64), [n, 2, 8, 8]), labels: new Int32Array(n) }));
    await expect(runVariant({ key: 'v0/s0', variantId: 'v0', pipeline: tinyVgg(), seed: 0, training }, { ...rgb, info: { name: 'two-channel', classes: 2 } })).rejects.toThrow(
      /two-channel does not fit this model: node "input" \(input\): params.channels: the two-channel dataset has 2-channel images/,
    );
  });
});

describe('runVariant on segmentation masks', () => {
  const seg = { ...sets((n, s) => mnistSegmentation(digits(n, s))), info: { name: 'mnist-segmentation', classes: 3, zeroBackground: true } };

  it('trains an FCN per pixel and scores mean IoU on the masks', async () => {
    const fcn = pipelineOf({ name: 'fcn', description: 'per pixel', seed: 3 }, [chain([node('input', 'input', { channels: 1, height: 8, width: 8 }), node('conv1', 'conv2d', { outChannels: 4, kernelSize: 3, padding: 'same' }), node('relu1', 'relu'), node('head', 'conv2d', { outChannels: 3, kernelSize: 1 })])]);
    const result = await runVariant({ key: 'v0/s0', variantId: 'v0', pipeline: fcn, seed: 0, training: { ...training, epochs: 30, optimizer: { kind: 'adam', learningRate: 0.03 } } }, seg);
    expect(result.test?.meanIoU).toBeGreaterThan(0.9);
    expect(result.test?.imageAccuracy).toBeUndefined();
  });

  it('trains a whole-image CNN on each image’s digit and scores its painted map on the masks', async () => {
    const cnn = pipelineOf({ name: 'cnn', description: 'per image', seed: 3 }, [chain([node('input', 'input', { channels: 1, height: 8, width: 8 }), node('flatten', 'flatten'), node('fc', 'linear', { outFeatures: 2 })])]);
    const result = await runVariant({ key: 'v0/s0', variantId: 'v0', pipeline: cnn, seed: 0, training: { ...training, epochs: 8 } }, seg);
    expect(result.notices.at(-1)).toMatch(/whole-image classifier trains on each image's digit/);
    expect(result.test?.imageAccuracy).toBe(1);
    // A correct digit on exactly the mask's pixels: every pixel right.
    expect(result.test?.accuracy).toBe(1);
    expect(result.test?.meanIoU).toBe(1);
  });
});

describe('the CNN vs FCN experiment', () => {
  it('sweeps the cnn and fcn templates on the MNIST masks', () => {
    const parsed = parseSweepSpec(experimentById('cnn-vs-fcn')?.spec({ epochs: 1 }));
    expect(parsed.ok && parsed.spec.data.dataset).toBe('mnist-segmentation');
    const variants = parsed.ok ? generateVariants(parsed.base, parsed.spec) : [];
    expect(variants.map((v) => v.ok && [v.settings.template, v.pipeline.name])).toEqual([
      ['cnn', 'CNN (vs FCN) (template "cnn")'],
      ['fcn', 'FCN (vs CNN) (template "fcn")'],
    ]);
  });

  it('concludes from the numbers: the verdict follows mean IoU against the noise', () => {
    const variant = (id: string, template: string) => ({ ok: true, id, label: template, settings: { template }, params: 100, macs: 1000 }) as unknown as ValidVariant;
    const summary = (variantId: string, ious: number[]): VariantSummary => ({ variantId, accuracy: spreadOf(ious.map((v) => 0.9 + v / 10)), loss: spreadOf([0.1]), meanIoU: spreadOf(ious), meanCurve: [], meanLossCurve: [], plateauEpoch: null });
    const variants = [variant('v0', 'cnn'), variant('v1', 'fcn')];
    const fcnWins = concludeCnnVsFcn({ variants, summaries: [summary('v0', [0.6, 0.61]), summary('v1', [0.8, 0.81])] });
    expect(fcnWins.verdict).toBe('fcn');
    expect(fcnWins.answer).toMatch(/^The FCN: mean IoU 0.805 against the CNN's 0.605/);
    expect(concludeCnnVsFcn({ variants, summaries: [summary('v0', [0.8, 0.81]), summary('v1', [0.6, 0.61])] }).verdict).toBe('cnn');
    expect(concludeCnnVsFcn({ variants, summaries: [summary('v0', [0.7, 0.75]), summary('v1', [0.71, 0.74])] }).verdict).toBe('tie');
    expect(concludeCnnVsFcn({ variants, summaries: [summary('v0', [0.7])] }).verdict).toBe('no-data');
  });
});
