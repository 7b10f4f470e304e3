import { fail, formatShape } from '../errors.js';
import { createRandom } from '../random.js';
import type { Random } from '../random.js';
import { Tensor } from '../tensor.js';
import { syntheticNine, syntheticSix } from './synthetic-digits.js';

/**
 * Labelled images for training or evaluation: `images` is `[N, C, H, W]`, `labels[i]` is the
 * class index of image `i`, `size` is N.
 */
export interface Dataset {
  images: Tensor;
  labels: Int32Array;
  size: number;
}

/** One mini-batch from {@link batches}: `images` is `[B, C, H, W]`. */
export interface Batch {
  images: Tensor;
  labels: Int32Array;
}

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Visit samples in a seeded random order instead of dataset order. Default false. */
  shuffle?: boolean;
  /** Seed of the shuffle; the same seed gives the same batches everywhere. Default 0. */
  seed?: number;
}

/**
 * The document's "6" and its 180-degree rotation, the "9", as a 2-sample dataset with
 * values scaled to 0..1 (the document draws them 0..255) so they sit on the same scale as
 * MNIST. Labels: 0 six, 1 nine, the order {@link loadMnist} uses for `'sixVsNine'`.
 *
 * @example
 * const { images, labels } = syntheticSixNine(); // images [2,1,28,28], labels [0, 1]
 */
export function syntheticSixNine(): Dataset {
  const six = syntheticSix().data;
  const nine = syntheticNine().data;
  const data = new Float32Array(six.length * 2);
  for (let i = 0; i < six.length; i++) {
    data[i] = six[i] / 255;
    data[six.length + i] = nine[i] / 255;
  }
  return { images: new Tensor(data, [2, 1, 28, 28]), labels: Int32Array.of(0, 1), size: 2 };
}

/**
 * Yields the dataset in mini-batches of `batchSize`; the last batch keeps what is left, so
 * every sample is seen exactly once per pass. Each batch owns copies of its images.
 *
 * @example
 * for (const { images, labels } of batches(train, 32, { shuffle: true, seed: epoch })) {
 *   // images [32,1,28,28] (the last one may be smaller)
 * }
 */
export function* batches(dataset: Dataset, batchSize: number, options: BatchOptions = {}): Generator<Batch> {
  const { shuffle = false, seed = 0 } = options;
  if (!Number.isSafeInteger(batchSize) || batchSize <= 0) {
    fail('batches', 'batchSize', `must be a positive integer, got ${batchSize}`);
  }
  checkDataset('batches', dataset);
  const order = Int32Array.from({ length: dataset.size }, (_, i) => i);
  if (shuffle) shuffleInPlace(order, createRandom(seed));
  for (let start = 0; start < dataset.size; start += batchSize) {
    yield takeSamples(dataset, order.subarray(start, start + batchSize));
  }
}

/** The samples at `indices`, in that order, copied into a new batch. */
export function takeSamples(dataset: Dataset, indices: ArrayLike<number>): Batch {
  const [, ...sampleShape] = dataset.images.shape;
  const stride = sampleShape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(indices.length * stride);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * stride;
    data.set(dataset.images.data.subarray(from, from + stride), i * stride);
    labels[i] = dataset.labels[indices[i]];
  }
  return { images: new Tensor(data, [indices.length, ...sampleShape]), labels };
}

/** Fisher-Yates with a seeded generator, so a seed gives the same order in every runtime. */
export function shuffleInPlace(values: Int32Array, rng: Random): Int32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const swap = values[i];
    values[i] = values[j];
    values[j] = swap;
  }
  return values;
}

function checkDataset(op: string, dataset: Dataset): void {
  const { images, labels, size } = dataset;
  if (images.rank < 1 || images.shape[0] !== size || labels.length !== size) {
    fail(op, 'dataset', `must have images [N,...] and N labels with N = size ${size}, got images ${formatShape(images.shape)} and ${labels.length} labels`);
  }
}
