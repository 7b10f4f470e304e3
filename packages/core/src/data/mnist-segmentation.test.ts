import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor.js';
import { imageLabelsFromMasks, mnistSegmentation } from './mnist-segmentation.js';

describe('mnistSegmentation', () => {
  const images = new Tensor(Float32Array.of(0, 0.2, 0.6, 1, 0.9, 0.5, 0.51, 0), [2, 1, 2, 2]);

  it('labels ink above the threshold digit + 1 and the rest background', () => {
    const seg = mnistSegmentation({ images, labels: Int32Array.of(3, 0) });
    expect(Array.from(seg.labels)).toEqual([0, 0, 4, 4, 1, 0, 1, 0]);
    expect(seg.images).toBe(images);
    expect(Array.from(mnistSegmentation({ images, labels: Int32Array.of(3, 0) }, 0.1).labels)).toEqual([0, 4, 4, 4, 1, 1, 1, 0]);
  });

  it('gets each image’s digit back from its mask', () => {
    expect(Array.from(imageLabelsFromMasks(Int32Array.of(0, 0, 4, 4, 1, 0, 1, 0), 2))).toEqual([3, 0]);
  });

  it('refuses RGB images, labels that are not digits, and a threshold outside (0, 1)', () => {
    expect(() => mnistSegmentation({ images: new Tensor(new Float32Array(12), [1, 3, 2, 2]), labels: Int32Array.of(1) })).toThrow(/images must be grayscale \[N, 1, H, W\], got 3 channels/);
    expect(() => mnistSegmentation({ images, labels: Int32Array.of(3, 10) })).toThrow(/labels must be digits 0..9, got 10 at index 1/);
    expect(() => mnistSegmentation({ images, labels: Int32Array.of(3, 1) }, 1)).toThrow(/threshold must be in \(0, 1\), got 1/);
  });
});
