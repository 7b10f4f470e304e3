import { fail } from '../errors.js';
import type { LabelledData } from '../nn/train.js';

/** Per-pixel classes of the segmentation task: background, then one class per digit. */
export const segmentationClasses: readonly string[] = ['background', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Ink above this (of 0..1) is the digit; MNIST's anti-aliased edges below it count as background. */
export const DEFAULT_INK_THRESHOLD = 0.5;

/**
 * A dense-prediction task built from labelled digits: each image's mask gives every pixel whose
 * ink exceeds `threshold` the class digit + 1, and every other pixel 0 (background). The images
 * stay as they are; labels become `[N, H, W]` (N·H·W class indices), what a per-pixel
 * cross-entropy on an FCN's `[11, H, W]` map trains against.
 *
 * @example
 * const seg = mnistSegmentation(mnist.train); // seg.labels.length === N * 28 * 28
 * seg.labels[someInkPixel]; // digit + 1
 */
export function mnistSegmentation(data: LabelledData, threshold = DEFAULT_INK_THRESHOLD): LabelledData {
  const [n, c, h, w] = data.images.shape;
  if (c !== 1) fail('mnistSegmentation', 'images', `must be grayscale [N, 1, H, W], got ${c} channels`);
  if (data.labels.length !== n) fail('mnistSegmentation', 'labels', `must hold one digit per image (${n}), got ${data.labels.length}`);
  if (!(threshold > 0 && threshold < 1)) fail('mnistSegmentation', 'threshold', `must be in (0, 1), got ${threshold}`);
  const plane = h * w;
  const pixels = data.images.data;
  const masks = new Int32Array(n * plane);
  for (let i = 0; i < n; i++) {
    const digit = data.labels[i];
    if (!(digit >= 0 && digit <= 9)) fail('mnistSegmentation', 'labels', `must be digits 0..9, got ${digit} at index ${i}`);
    for (let p = 0; p < plane; p++) masks[i * plane + p] = pixels[i * plane + p] > threshold ? digit + 1 : 0;
  }
  return { images: data.images, labels: masks };
}

/**
 * The image's digit from its mask: the one foreground class (largest index present) minus 1,
 * or -1 for a mask with no ink. Lets a whole-image classifier train on the same data.
 *
 * @example
 * imageLabelsFromMasks(seg.labels, n); // Int32Array of digits
 */
export function imageLabelsFromMasks(masks: Int32Array, count: number): Int32Array {
  const plane = masks.length / count;
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let top = 0;
    for (let p = i * plane; p < (i + 1) * plane; p++) if (masks[p] > top) top = masks[p];
    labels[i] = top - 1;
  }
  return labels;
}
