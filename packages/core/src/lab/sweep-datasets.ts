import { syntheticSixNine } from '../data/datasets.js';
import { loadMnist } from '../data/mnist.js';
import { mnistSegmentation, segmentationClasses } from '../data/mnist-segmentation.js';
import { photoPatches } from '../data/photo-patches.js';
import type { LabelledData } from '../nn/train.js';
import type { RunDataInfo } from './fit-run-data.js';
import type { SweepDataset } from './sweep-spec.js';

/** A sweep's data set, loaded and split into train and test (validation is split off train later). */
export interface LoadedSweepDataset {
  train: LabelledData;
  test: LabelledData;
  classes: string[];
  info: RunDataInfo;
  /** The two synthetic images serve as every set. */
  testIsTrain: boolean;
}

/**
 * Loads a sweep data set that ships with core: MNIST (digits, 6 vs 9, segmentation masks), the
 * document's two synthetic digits, or RGB patches of the bundled photographs (test patches are
 * other random crops of the same photographs). Fashion-MNIST comes from its own package in the
 * CLI. Every host loads through here, so a spec sees the same images in the CLI and the studio.
 *
 * @example
 * const { train, test, info } = await loadSweepDataset('mnist-segmentation', { limit: 3000, testFraction: 0.2, seed: 0 });
 */
export async function loadSweepDataset(dataset: Exclude<SweepDataset, 'fashion-mnist'>, options: { limit?: number; testFraction?: number; seed?: number }): Promise<LoadedSweepDataset> {
  const { limit, testFraction = 0.2, seed = 0 } = options;
  if (dataset === 'synthetic') {
    const { images, labels } = syntheticSixNine();
    return { train: { images, labels }, test: { images, labels }, classes: ['6', '9'], info: { name: dataset, classes: 2, zeroBackground: true }, testIsTrain: true };
  }
  if (dataset === 'photo-patches') {
    const total = limit ?? 2400;
    const testCount = Math.max(8, Math.round(total * testFraction));
    const train = photoPatches({ count: Math.max(8, total - testCount), seed });
    const test = photoPatches({ count: testCount, seed: seed + 7919 });
    return { train: train.data, test: test.data, classes: train.classes, info: { name: dataset, classes: train.classes.length }, testIsTrain: false };
  }
  const split = await loadMnist({ task: dataset === 'six-vs-nine' ? 'sixVsNine' : 'digits', limit, testFraction, seed });
  if (dataset === 'mnist-segmentation') {
    return {
      train: mnistSegmentation(split.train),
      test: mnistSegmentation(split.test),
      classes: [...segmentationClasses],
      info: { name: dataset, classes: segmentationClasses.length, zeroBackground: true },
      testIsTrain: false,
    };
  }
  return { train: split.train, test: split.test, classes: split.classes, info: { name: dataset, classes: split.classes.length, zeroBackground: true }, testIsTrain: false };
}
