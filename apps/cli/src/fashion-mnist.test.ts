import { describe, expect, it } from 'vitest';
import { fashionClasses, loadFashionMnist } from './fashion-mnist.js';

describe('loadFashionMnist', () => {
  it('reads the package’s clothes: balanced classes, values in [0, 1], the split decided by the seed', async () => {
    const a = await loadFashionMnist({ limit: 100, seed: 1 });
    expect(a.train.images.shape).toEqual([80, 1, 28, 28]);
    expect(a.test.images.shape).toEqual([20, 1, 28, 28]);
    expect(a.classes).toEqual(fashionClasses);
    const perClass = Array.from({ length: 10 }, (_, c) => a.train.labels.filter((l) => l === c).length);
    expect(perClass).toEqual(Array(10).fill(8));
    const values = a.train.images.data;
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(values.some((v) => v > 0.9)).toBe(true);
    const b = await loadFashionMnist({ limit: 100, seed: 1 });
    expect(b.train.labels).toEqual(a.train.labels);
    expect(b.train.images.data).toEqual(a.train.images.data);
    const c = await loadFashionMnist({ limit: 100, seed: 2 });
    expect(c.train.images.data).not.toEqual(a.train.images.data);
  });
});
