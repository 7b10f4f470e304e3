import { describe, expect, it } from 'vitest';
import { photoPatchClasses, photoPatches } from './photo-patches.js';

describe('photoPatches', () => {
  const { data, classes } = photoPatches({ count: 80, seed: 3 });

  it('cuts RGB 64x64 patches, the same number per photo quadrant, values in 0..1', () => {
    expect(classes).toEqual(['chelsea top-left', 'chelsea top-right', 'chelsea bottom-left', 'chelsea bottom-right', 'coffee top-left', 'coffee top-right', 'coffee bottom-left', 'coffee bottom-right']);
    expect(data.images.shape).toEqual([80, 3, 64, 64]);
    expect(Array.from({ length: 8 }, (_, c) => data.labels.filter((l) => l === c).length)).toEqual(Array(8).fill(10));
    let min = Infinity;
    let max = -Infinity;
    for (const v of data.images.data) [min, max] = [Math.min(min, v), Math.max(max, v)];
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max - min).toBeGreaterThan(0.5);
  });

  it('is the same for a seed and different for another', () => {
    expect(photoPatches({ count: 16, seed: 3 }).data.images.data).toEqual(photoPatches({ count: 16, seed: 3 }).data.images.data);
    expect(photoPatches({ count: 16, seed: 4 }).data.images.data).not.toEqual(photoPatches({ count: 16, seed: 3 }).data.images.data);
  });

  it('gives the two photographs different colours (the cat is not the coffee)', () => {
    // Mean red minus blue of each photo's patches: a class signal a net can learn.
    const warmth = (photo: number) => {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < 80; i++) {
        if (Math.floor(data.labels[i] / 4) !== photo) continue;
        const base = i * 3 * 4096;
        for (let p = 0; p < 4096; p++) sum += data.images.data[base + p] - data.images.data[base + 2 * 4096 + p];
        n += 4096;
      }
      return sum / n;
    };
    expect(Math.abs(warmth(0) - warmth(1))).toBeGreaterThan(0.02);
  });

  it('refuses fewer patches than classes and odd sizes', () => {
    expect(() => photoPatches({ count: 4 })).toThrow(`photoPatches: count must be an integer of at least ${photoPatchClasses.length} (one per class), got 4`);
    expect(() => photoPatches({ size: 2 })).toThrow(/size must be an integer in \[4, 256\], got 2/);
  });
});
