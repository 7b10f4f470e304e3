import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createRandom, Tensor, type LabelledData } from '@convstudio/core';
import { UserError } from './errors.js';

/** Fashion-MNIST's ten classes, in label order. */
export const fashionClasses = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

const PIXELS = 28 * 28;

/**
 * The `fashion-mnist` package's images (70,000 28x28 grayscale clothes, 7,000 per class, values
 * 0..255 as JSON, 149 MB unpacked). Its main module `require`s all ten JSON files at once; we
 * read one class file at a time and keep only the samples asked for, so memory stays near one
 * class's parse (~16 MB of text).
 */
async function classImages(label: number): Promise<number[][]> {
  const require = createRequire(import.meta.url);
  let root: string;
  try {
    root = dirname(require.resolve('fashion-mnist/package.json'));
  } catch {
    throw new UserError(['fashion-mnist: the package is not installed; run `npm install` at the repository root']);
  }
  const parsed = JSON.parse(await readFile(join(root, 'src', 'clothes', `${label}.json`), 'utf8')) as { data?: unknown };
  if (!Array.isArray(parsed.data)) throw new UserError([`fashion-mnist: src/clothes/${label}.json holds no "data" array`]);
  return parsed.data as number[][];
}

/**
 * Fashion-MNIST split into train and test sets: `limit` images in all (default 10,000, the size of
 * the bundled MNIST), the same number per class, drawn and shuffled by `seed`; `testFraction` of
 * each class is held out for testing. Values are scaled to 0..1 like MNIST's.
 *
 * @example
 * const { train, test } = await loadFashionMnist({ limit: 2000, seed: 1 }); // 1,600 and 400 images
 */
export async function loadFashionMnist(options: { limit?: number; testFraction?: number; seed?: number } = {}): Promise<{ train: LabelledData; test: LabelledData; classes: string[] }> {
  const { limit = 10_000, testFraction = 0.2, seed = 0 } = options;
  const perClass = Math.max(1, Math.floor(limit / 10));
  const rng = createRandom(seed);
  const train: { label: number; pixels: number[] }[] = [];
  const test: { label: number; pixels: number[] }[] = [];
  for (let label = 0; label < 10; label++) {
    const all = await classImages(label);
    const take = Math.min(perClass, all.length);
    const order = Array.from({ length: all.length }, (_, i) => i);
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(rng.next() * (all.length - i));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const held = Math.round(take * testFraction);
    for (let i = 0; i < take; i++) {
      const pixels = all[order[i]];
      if (!Array.isArray(pixels) || pixels.length !== PIXELS) throw new UserError([`fashion-mnist: class ${label} image ${order[i]} has ${Array.isArray(pixels) ? pixels.length : 'no'} values, expected 784`]);
      (i < held ? test : train).push({ label, pixels });
    }
  }
  const build = (items: { label: number; pixels: number[] }[]): LabelledData => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    const images = new Float32Array(items.length * PIXELS);
    items.forEach((item, i) => {
      for (let k = 0; k < PIXELS; k++) images[i * PIXELS + k] = item.pixels[k] / 255;
    });
    return { images: new Tensor(images, [items.length, 1, 28, 28]), labels: Int32Array.from(items, (item) => item.label) };
  };
  return { train: build(train), test: build(test), classes: fashionClasses };
}
