import { loadSweepDataset, splitData, type LabelledData, type LoadedSweepDataset, type SweepSpec } from '@convstudio/core';
import { firstSamples } from '../datasets.js';
import { loadFashionMnist } from '../fashion-mnist.js';
import type { SerializedData, SerializedSet } from './sweep-messages.js';

/** The sweep's images: the same split for every run (the data seed is the sweep's, not the run's). */
export interface SweepData {
  data: SerializedData;
  classes: string[];
  /** `mnist: 2,160 train, 240 validation, 600 test images, 10 classes` */
  summary: string;
}

const serialize = (d: LabelledData): SerializedSet => ({ images: d.images.data as Float32Array, shape: [...d.images.shape], labels: d.labels });

/**
 * Loads the sweep's data set (core's loadSweepDataset; Fashion-MNIST from its package) and splits
 * it: test by `testFraction`, then validation off the rest by `validationFraction`; the indicator
 * probe is the first `probeSize` validation images. Each run fits the images to its model itself.
 */
export async function loadSweepData(spec: Pick<SweepSpec, 'data' | 'probeSize'>): Promise<SweepData> {
  const { dataset, limit, testFraction, validationFraction, seed } = spec.data;
  let loaded: LoadedSweepDataset;
  if (dataset === 'fashion-mnist') {
    const f = await loadFashionMnist({ limit, testFraction, seed });
    loaded = { ...f, info: { name: dataset, classes: f.classes.length, zeroBackground: true }, testIsTrain: false };
  } else {
    loaded = await loadSweepDataset(dataset, { limit, testFraction, seed });
  }
  const { train, test, classes, info } = loaded;
  // The document's 6 and 9 are two images: they are also the validation and test set.
  const split = loaded.testIsTrain ? { train, validation: train } : splitData(train, validationFraction, seed);
  const count = (d: LabelledData) => d.images.shape[0].toLocaleString('en-US');
  const perPixel = split.train.labels.length > split.train.images.shape[0] ? ' per pixel' : '';
  return {
    data: { train: serialize(split.train), validation: serialize(split.validation), test: serialize(test), probe: serialize(firstSamples(split.validation, spec.probeSize)), info },
    classes,
    summary: `${dataset}: ${count(split.train)} train, ${count(split.validation)} validation, ${count(test)} test images, ${classes.length} classes${perPixel}`,
  };
}
