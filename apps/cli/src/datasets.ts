import { datasetFit, loadMnist, syntheticSixNine, Tensor, type DatasetFit, type DatasetGeometry, type LabelledData, type Model } from '@convstudio/core';
import { UserError } from './errors.js';

export const datasetNames = ['mnist', 'six-vs-nine', 'synthetic'] as const;
export type DatasetName = (typeof datasetNames)[number];

/** A dataset as the CLI trains and diagnoses with it. */
export interface CliDataset {
  name: DatasetName;
  train: LabelledData;
  test: LabelledData;
  classes: string[];
  /** Synthetic: the same two images serve as training and test set (there are no others). */
  testIsTrain: boolean;
}

/**
 * Loads a dataset by its CLI name: `mnist` (the ten digits), `six-vs-nine` (MNIST's 6s and 9s)
 * or `synthetic` (the source document's 6 and its rotation, two images).
 */
export async function loadDataset(name: DatasetName, options: { seed?: number; limit?: number } = {}): Promise<CliDataset> {
  if (name === 'synthetic') {
    const { images, labels } = syntheticSixNine();
    return { name, train: { images, labels }, test: { images, labels }, classes: ['6', '9'], testIsTrain: true };
  }
  const split = await loadMnist({ task: name === 'mnist' ? 'digits' : 'sixVsNine', seed: options.seed, limit: options.limit });
  return { name, train: split.train, test: split.test, classes: split.classes, testIsTrain: false };
}

/** The first `count` samples (or all there are). */
export function firstSamples(data: LabelledData, count: number): LabelledData {
  const [n, ...sample] = data.images.shape;
  const take = Math.min(n, count);
  const size = sample.reduce((a, b) => a * b, 1);
  const perLabel = data.labels.length / n;
  return { images: new Tensor(data.images.data.slice(0, take * size), [take, ...sample]), labels: data.labels.slice(0, take * perLabel) };
}

/** The dataset's geometry as core's datasetFit reads it. */
function geometryOf(dataset: CliDataset): DatasetGeometry {
  const [, channels, height, width] = dataset.train.images.shape;
  return { name: dataset.name, channels, height, width, classes: dataset.classes.length };
}

/** Throws core's fit issues as one line each, naming the pipeline file. */
function throwIssues(file: string, fit: DatasetFit): void {
  if (!fit.ok) throw new UserError(fit.issues.map((i) => `${file}: ${i.message}`));
}

/**
 * Checks that a model can take the dataset's images (exactly: the CLI does not resize) and
 * score its classes (extra scores allowed); otherwise one line per problem naming the pipeline
 * file, the node and the field to change. The rules are core's `datasetFit`.
 */
export function checkModelFits(file: string, model: Model, dataset: CliDataset, logitsId: string): void {
  throwIssues(file, datasetFit(model.shapes, logitsId, geometryOf(dataset), { size: 'exact', scores: 'atLeast' }));
}

/** Checks that the model's input node takes the dataset's images; otherwise one line naming it. */
export function checkInputFits(file: string, model: Model, dataset: CliDataset): void {
  throwIssues(file, datasetFit(model.shapes, undefined, geometryOf(dataset), { size: 'exact', scores: 'atLeast' }));
}
