import { loadMnist, syntheticSixNine, Tensor, type LabelledData, type Model } from '@convstudio/core';
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

/**
 * Checks that a model can take the dataset's images and score its classes; otherwise one line
 * naming the pipeline file, the node and the field to change.
 */
export function checkModelFits(file: string, model: Model, dataset: CliDataset, logitsId: string): void {
  checkInputFits(file, model, dataset);
  const logits = model.shapes.byId.get(logitsId);
  if (!logits) return;
  const shape = logits.shapes.output;
  const where = `${file}: node "${logitsId}" (${logits.node.kind})`;
  if (shape.length !== 1) {
    throw new UserError([`${where}: output: training on ${dataset.name} needs one score per class ([F], e.g. a linear layer), this node outputs ${shape.join('x')}`]);
  }
  if (shape[0] < dataset.classes.length) {
    const field = logits.node.kind === 'linear' ? 'params.outFeatures' : 'output';
    throw new UserError([`${where}: ${field}: the ${dataset.name} dataset has ${dataset.classes.length} classes, this node outputs ${shape[0]} scores`]);
  }
}

/** Checks that the model's input node takes the dataset's images; otherwise one line naming it. */
export function checkInputFits(file: string, model: Model, dataset: CliDataset): void {
  const [, c, h, w] = dataset.train.images.shape;
  const [ic, ih, iw] = model.shapes.byId.get(model.inputId)?.shapes.output ?? [];
  if (ic !== c || ih !== h || iw !== w) {
    throw new UserError([`${file}: node "${model.inputId}" (input): params: the ${dataset.name} dataset has ${c}x${h}x${w} images, this input takes ${ic}x${ih}x${iw}`]);
  }
}
