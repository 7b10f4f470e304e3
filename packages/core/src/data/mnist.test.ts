import { describe, expect, it } from 'vitest';
import type { Dataset } from './datasets.js';
import { loadMnist } from './mnist.js';

// Samples per digit in the mnist package (1.1.0): 10,000 in all.
const PACKAGE_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

const countLabels = (dataset: Dataset, classes: number): number[] => {
  const counts = new Array<number>(classes).fill(0);
  dataset.labels.forEach((label) => counts[label]++);
  return counts;
};

/** One exact string per image (its float bits as UTF-16 units), to compare sets of images. */
const imageKeys = (dataset: Dataset): string[] => {
  const units = new Uint16Array(dataset.images.data.buffer, dataset.images.data.byteOffset, dataset.size * 784 * 2);
  return Array.from({ length: dataset.size }, (_, i) => String.fromCharCode(...units.subarray(i * 1568, (i + 1) * 1568)));
};

describe('loadMnist', () => {
  it('loads all 10,000 digits, about 1,000 a class, split 80/20 within each class', async () => {
    const { train, test, classes } = await loadMnist();
    expect(classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(train.size + test.size).toBe(10_000);
    expect(train.images.shape).toEqual([train.size, 1, 28, 28]);
    expect(test.images.shape).toEqual([test.size, 1, 28, 28]);
    expect(train.labels.length).toBe(train.size);
    const trainCounts = countLabels(train, 10);
    const testCounts = countLabels(test, 10);
    PACKAGE_COUNTS.forEach((count, digit) => {
      expect(count).toBeGreaterThan(800);
      expect(count).toBeLessThan(1200);
      expect(trainCounts[digit] + testCounts[digit]).toBe(count);
      expect(testCounts[digit]).toBe(Math.round(count * 0.2));
    });
    let min = Infinity;
    let max = -Infinity;
    for (const v of train.images.data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 1]);
  });

  it('keeps train and test disjoint, and is deterministic per seed', async () => {
    const a = await loadMnist({ seed: 7 });
    const b = await loadMnist({ seed: 7 });
    const c = await loadMnist({ seed: 8 });
    expect(Array.from(a.train.labels)).toEqual(Array.from(b.train.labels));
    expect(imageKeys(a.test)).toEqual(imageKeys(b.test));
    expect(Array.from(a.train.labels)).not.toEqual(Array.from(c.train.labels));
    const trainKeys = new Set(imageKeys(a.train));
    expect(trainKeys.size).toBe(a.train.size);
    expect(imageKeys(a.test).filter((key) => trainKeys.has(key))).toEqual([]);
    // Different seeds hold out different samples, not just reorder them.
    expect(imageKeys(c.test).filter((key) => trainKeys.has(key)).length).toBeGreaterThan(0);
  });

  it('keeps only 6s (label 0) and 9s (label 1) for sixVsNine', async () => {
    const digits = await loadMnist({ testFraction: 0 });
    const sixes = new Set(imageKeys(digits.train).filter((_, i) => digits.train.labels[i] === 6));
    const { train, test, classes } = await loadMnist({ task: 'sixVsNine', seed: 1 });
    expect(classes).toEqual(['6', '9']);
    expect(new Set([...train.labels, ...test.labels])).toEqual(new Set([0, 1]));
    expect(countLabels(train, 2)[0] + countLabels(test, 2)[0]).toBe(1014);
    expect(countLabels(train, 2)[1] + countLabels(test, 2)[1]).toBe(978);
    imageKeys(train).forEach((key, i) => expect(sixes.has(key)).toBe(train.labels[i] === 0));
  });

  it('draws a limited set from every class in proportion', async () => {
    const { train, test } = await loadMnist({ limit: 500, seed: 2 });
    expect(train.size + test.size).toBe(500);
    const counts = countLabels(train, 10).map((n, d) => n + countLabels(test, 10)[d]);
    counts.forEach((n, d) => expect(Math.abs(n - PACKAGE_COUNTS[d] / 20)).toBeLessThanOrEqual(1));
  });

  it('refuses bad options', async () => {
    await expect(loadMnist({ testFraction: 1 })).rejects.toThrow('loadMnist: options.testFraction must be in [0, 1), got 1');
    await expect(loadMnist({ limit: 0 })).rejects.toThrow('options.limit');
  });
});
