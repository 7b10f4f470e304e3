import { applyRunDataPlan, loadSweepDataset, logitsNodeOf, runDataPlan, Tensor, type LabelledData, type Model, type RunDataInfo } from '@convstudio/core';
import { UserError } from './errors.js';
import { loadFashionMnist } from './fashion-mnist.js';

export const datasetNames = ['mnist', 'six-vs-nine', 'synthetic', 'fashion-mnist', 'mnist-segmentation', 'photo-patches'] as const;
export type DatasetName = (typeof datasetNames)[number];

/** A dataset as the CLI trains and diagnoses with it. */
export interface CliDataset {
  name: DatasetName;
  train: LabelledData;
  test: LabelledData;
  classes: string[];
  /** Synthetic: the same two images serve as training and test set (there are no others). */
  testIsTrain: boolean;
  info: RunDataInfo;
}

/**
 * Loads a dataset by its CLI name: `mnist` (the ten digits), `six-vs-nine` (MNIST's 6s and 9s),
 * `synthetic` (the source document's 6 and its rotation, two images), `fashion-mnist`,
 * `mnist-segmentation` (digits with per-pixel masks) or `photo-patches` (RGB crops of the
 * bundled photographs). All but Fashion-MNIST come through core's loadSweepDataset.
 */
export async function loadDataset(name: DatasetName, options: { seed?: number; limit?: number } = {}): Promise<CliDataset> {
  if (name === 'fashion-mnist') {
    const f = await loadFashionMnist({ limit: options.limit, seed: options.seed });
    return { name, ...f, testIsTrain: false, info: { name, classes: f.classes.length, zeroBackground: true } };
  }
  const loaded = await loadSweepDataset(name, { seed: options.seed, limit: options.limit });
  return { name, ...loaded };
}

/** The first `count` samples (or all there are). */
export function firstSamples(data: LabelledData, count: number): LabelledData {
  const [n, ...sample] = data.images.shape;
  const take = Math.min(n, count);
  const size = sample.reduce((a, b) => a * b, 1);
  const perLabel = data.labels.length / n;
  return { images: new Tensor(data.images.data.slice(0, take * size), [take, ...sample]), labels: data.labels.slice(0, take * perLabel) };
}

/**
 * Brings a dataset to a model by core's rules (runDataPlan over datasetFit): images resized or,
 * on a zero background, padded to the input's size, grayscale replicated for an RGB input, extra
 * scores allowed; segmentation masks train an FCN per pixel or a classifier on each digit. Returns
 * the fitted dataset and one notice per change; a model that cannot take it gets one line per
 * problem naming the pipeline file, the node and the field to change.
 */
export function fitDataset(file: string, model: Model, dataset: CliDataset): { dataset: CliDataset; notices: string[] } {
  const planned = runDataPlan(model.shapes, logitsNodeOf(model), dataset.train, dataset.info);
  if (!planned.ok) throw new UserError(planned.issues.map((i) => `${file}: ${i.message}`));
  const fit = (d: LabelledData) => {
    const { images, labels } = applyRunDataPlan(d, planned);
    return { images, labels };
  };
  const train = fit(dataset.train);
  return { dataset: { ...dataset, train, test: dataset.testIsTrain ? train : fit(dataset.test) }, notices: planned.plan.notices.map((n) => `notice: ${n}`) };
}
