import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor.js';
import { batches, syntheticSixNine } from './datasets.js';
import type { Dataset } from './datasets.js';
import { syntheticSix } from './synthetic-digits.js';

describe('syntheticSixNine', () => {
  it('holds the 6 (label 0) and the 6 rotated by 180 degrees (label 1), scaled to 0..1', () => {
    const { images, labels, size } = syntheticSixNine();
    expect(images.shape).toEqual([2, 1, 28, 28]);
    expect(Array.from(labels)).toEqual([0, 1]);
    expect(size).toBe(2);
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        expect(images.get(1, 0, y, x)).toBe(images.get(0, 0, 27 - y, 27 - x));
        expect(images.get(0, 0, y, x)).toBeCloseTo(syntheticSix().get(0, 0, y, x) / 255, 6);
      }
    }
    expect(Math.max(...images.data)).toBe(1);
    expect(Math.min(...images.data)).toBe(0);
  });
});

describe('batches', () => {
  // Image i is filled with the value i, so every batch can be checked against its labels.
  const dataset: Dataset = {
    images: new Tensor(Float32Array.from({ length: 10 * 4 }, (_, k) => Math.floor(k / 4)), [10, 1, 2, 2]),
    labels: Int32Array.from({ length: 10 }, (_, i) => i),
    size: 10,
  };

  it('covers every sample once, in order, keeping the last partial batch', () => {
    const all = [...batches(dataset, 4)];
    expect(all.map((b) => b.images.shape)).toEqual([[4, 1, 2, 2], [4, 1, 2, 2], [2, 1, 2, 2]]);
    expect(all.flatMap((b) => Array.from(b.labels))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('shuffles by seed: a permutation, images matching labels, the same for the same seed', () => {
    const run = (seed: number) => [...batches(dataset, 3, { shuffle: true, seed })];
    const order = run(5).flatMap((b) => Array.from(b.labels));
    expect([...order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(order).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(run(5).flatMap((b) => Array.from(b.labels))).toEqual(order);
    expect(run(6).flatMap((b) => Array.from(b.labels))).not.toEqual(order);
    for (const batch of run(5)) {
      batch.labels.forEach((label, i) => expect(Array.from(batch.images.data.subarray(i * 4, i * 4 + 4))).toEqual([label, label, label, label]));
    }
  });

  it('refuses a bad batch size or a dataset whose parts disagree', () => {
    expect(() => [...batches(dataset, 0)]).toThrow('batches: batchSize must be a positive integer, got 0');
    expect(() => [...batches({ ...dataset, size: 11 }, 2)]).toThrow('batches: dataset');
  });
});
