import { loadMnist, splitData, syntheticSixNine, type LabelledData, type SweepSpec } from '@convstudio/core';
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
 * Loads the sweep's data set and splits it: test by `testFraction`, then validation off the rest
 * by `validationFraction`; the indicator probe is the first `probeSize` validation images.
 */
export async function loadSweepData(spec: Pick<SweepSpec, 'data' | 'probeSize'>): Promise<SweepData> {
  const { dataset, limit, testFraction, validationFraction, seed } = spec.data;
  let train: LabelledData;
  let test: LabelledData;
  let classes: string[];
  if (dataset === 'synthetic') {
    // The document's 6 and 9: two images, which are also the validation and test set.
    const { images, labels } = syntheticSixNine();
    ({ train, test, classes } = { train: { images, labels }, test: { images, labels }, classes: ['6', '9'] });
  } else if (dataset === 'fashion-mnist') {
    ({ train, test, classes } = await loadFashionMnist({ limit, testFraction, seed }));
  } else {
    ({ train, test, classes } = await loadMnist({ task: dataset === 'mnist' ? 'digits' : 'sixVsNine', limit, testFraction, seed }));
  }
  const split = dataset === 'synthetic' ? { train, validation: train } : splitData(train, validationFraction, seed);
  const count = (d: LabelledData) => d.images.shape[0].toLocaleString('en-US');
  return {
    data: { train: serialize(split.train), validation: serialize(split.validation), test: serialize(test), probe: serialize(firstSamples(split.validation, spec.probeSize)) },
    classes,
    summary: `${dataset}: ${count(split.train)} train, ${count(split.validation)} validation, ${count(test)} test images, ${classes.length} classes`,
  };
}
