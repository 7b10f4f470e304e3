import { tensor, zeros } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { featureMapsOf, valueAt } from './feature-maps-of.js';
import { describeCell, hoverCell, pixelAt } from './hover.js';

describe('featureMapsOf', () => {
  it('views one sample of an NCHW tensor without copying', () => {
    const t = tensor(Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => i), [2, 3, 2, 2]);
    const maps = featureMapsOf(t, 1);
    expect(maps).toMatchObject({ layout: 'spatial', sample: 1, samples: 2, channels: 3, height: 2, width: 2 });
    expect(maps.data.buffer).toBe(t.data.buffer);
    expect(valueAt(maps, 2, 1, 0)).toBe(12 + 8 + 1);
  });

  it('shows [N, F] as a 1 x F strip', () => {
    const maps = featureMapsOf(tensor([1, 2, 3, 4, 5, 6], [2, 3]), 1);
    expect(maps).toMatchObject({ layout: 'strip', channels: 1, height: 1, width: 3 });
    expect(valueAt(maps, 0, 2, 0)).toBe(6);
  });

  it('names the shape or sample that is wrong', () => {
    expect(() => featureMapsOf(zeros([3, 28, 28]))).toThrow('featureMapsOf: tensor must be [N, C, H, W] or [N, F], got shape [3,28,28]');
    expect(() => featureMapsOf(zeros([2, 4]), 2)).toThrow(/sample must be an integer in \[0, 1\], got 2/);
    expect(() => valueAt(featureMapsOf(zeros([1, 1, 2, 2])), 0, 2, 0)).toThrow(/x 2/);
  });
});

describe('hover lookup', () => {
  it('maps display coordinates onto map pixels', () => {
    expect(pixelAt(30, 5, 80, 80, 8, 8)).toEqual({ x: 3, y: 0 });
    expect(pixelAt(79.9, 79.9, 80, 80, 8, 8)).toEqual({ x: 7, y: 7 });
    expect(pixelAt(80, 10, 80, 80, 8, 8)).toBeNull();
    expect(pixelAt(-1, 10, 80, 80, 8, 8)).toBeNull();
    expect(pixelAt(10, 10, 0, 0, 8, 8)).toBeNull();
  });

  it('reads the value under the pointer and describes it', () => {
    const maps = featureMapsOf(tensor([0, 0.25, 0.5, 0.75, 1, 2, 3, 4], [1, 2, 2, 2]));
    const cell = hoverCell(maps, 1, { offsetX: 50, offsetY: 60, displayWidth: 64, displayHeight: 64 });
    expect(cell).toEqual({ channel: 1, x: 1, y: 1, value: 4 });
    expect(describeCell(cell!, 'spatial')).toBe('channel 1 (x 1, y 1) = 4');
    expect(describeCell({ channel: 0, x: 4, y: 0, value: 0.123456 }, 'strip')).toBe('feature 4 = 0.1235');
  });
});
