import { fail } from '../errors.js';
import { checkedSize } from '../limits.js';
import { Tensor } from '../tensor.js';
import { resizePlanes } from './image-resize.js';

/**
 * 8-bit RGBA pixels, row-major, 4 bytes per pixel. A {@link DecodedImage}, a canvas
 * `ImageData` and the result of {@link tensorToImage} all have this shape.
 */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** Options of {@link imageToTensor}. */
export interface ImageToTensorOptions {
  /** `'grayscale'` gives 1 channel (BT.601 luma), `'rgb'` gives 3. */
  mode: 'grayscale' | 'rgb';
  /** Values from 0 to 1 (what MNIST models expect) or 0 to 255 (the document's digits). */
  scale: '0-1' | '0-255';
  /** Output size: `[height, width]`, or one number for a square. Default: the image's size. */
  size?: readonly [number, number] | number;
  /**
   * How an image of another aspect ratio fills `size`: `'stretch'` (default) ignores the ratio,
   * `'crop'` keeps the centre that has the target's ratio, `'pad'` fits the whole image inside
   * and fills the rest with 0 (black, as the document's digits' background).
   */
  fit?: ImageFit;
}

/** How {@link imageToTensor} treats an image whose aspect ratio differs from the output's. */
export type ImageFit = 'stretch' | 'crop' | 'pad';

// ITU-R BT.601 luma, the weights of PIL's convert('L') and OpenCV's cvtColor, so tensors
// match what Python pipelines feed the same picture.
const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * Converts RGBA pixels to a `[1, C, H, W]` tensor. Alpha is composited over black (a
 * transparent pixel becomes 0), because MNIST-style digits are white strokes on black and a
 * drawing on a transparent canvas should read the same way. Shrinking averages areas,
 * enlarging is bilinear (see {@link resizePlanes}).
 *
 * @example
 * const x = imageToTensor(decodeImage(pngBytes), { mode: 'grayscale', size: 28, scale: '0-1' });
 * x.shape; // [1, 1, 28, 28]
 */
export function imageToTensor(image: RgbaImage, options: ImageToTensorOptions): Tensor {
  const op = 'imageToTensor';
  const { width, height, data } = image;
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width <= 0 || height <= 0) {
    fail(op, 'image', `must have positive integer width and height, got ${width}x${height}`);
  }
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray) || data.length !== width * height * 4) {
    fail(op, 'image.data', `must hold ${width * height * 4} RGBA bytes for ${width}x${height}, got ${data?.length ?? data}`);
  }
  const { mode, scale, size, fit = 'stretch' } = options;
  if (mode !== 'grayscale' && mode !== 'rgb') fail(op, 'options.mode', `must be 'grayscale' or 'rgb', got ${String(mode)}`);
  if (scale !== '0-1' && scale !== '0-255') fail(op, 'options.scale', `must be '0-1' or '0-255', got ${String(scale)}`);
  if (fit !== 'stretch' && fit !== 'crop' && fit !== 'pad') fail(op, 'options.fit', `must be 'stretch', 'crop' or 'pad', got ${String(fit)}`);
  const [outHeight, outWidth] = size === undefined ? [height, width] : typeof size === 'number' ? [size, size] : size;
  if (![outHeight, outWidth].every((d) => Number.isSafeInteger(d) && d > 0)) {
    fail(op, 'options.size', `must be positive integers [height, width] or one integer, got ${JSON.stringify(size)}`);
  }
  const channels = mode === 'grayscale' ? 1 : 3;
  checkedSize(op, 'image', [channels, height, width]);
  const outShape = [1, channels, outHeight, outWidth];
  checkedSize(op, 'options.size', outShape);

  const unit = scale === '0-1' ? 1 / 255 : 1;
  const pixels = width * height;
  const planes = new Float32Array(channels * pixels);
  for (let p = 0; p < pixels; p++) {
    const o = p * 4;
    // Over black: colour * alpha; one more 1/255 when alpha is 0..255.
    const k = (data[o + 3] / 255) * unit;
    if (channels === 1) {
      planes[p] = (LUMA[0] * data[o] + LUMA[1] * data[o + 1] + LUMA[2] * data[o + 2]) * k;
    } else {
      planes[p] = data[o] * k;
      planes[pixels + p] = data[o + 1] * k;
      planes[2 * pixels + p] = data[o + 2] * k;
    }
  }
  if (fit === 'crop') {
    const crop = centredCrop(height, width, outHeight, outWidth);
    const cropped = cropPlanes(planes, channels, height, width, crop);
    return new Tensor(resized(cropped, channels, crop.height, crop.width, outHeight, outWidth), outShape);
  }
  if (fit === 'pad') {
    // The largest size with the image's ratio that fits inside the output, centred on zeros.
    const k = Math.min(outHeight / height, outWidth / width);
    const innerH = Math.max(1, Math.min(outHeight, Math.round(height * k)));
    const innerW = Math.max(1, Math.min(outWidth, Math.round(width * k)));
    const inner = resized(planes, channels, height, width, innerH, innerW);
    const out = new Float32Array(channels * outHeight * outWidth);
    const top = Math.floor((outHeight - innerH) / 2);
    const left = Math.floor((outWidth - innerW) / 2);
    for (let c = 0; c < channels; c++) {
      for (let r = 0; r < innerH; r++) out.set(inner.subarray((c * innerH + r) * innerW, (c * innerH + r + 1) * innerW), (c * outHeight + top + r) * outWidth + left);
    }
    return new Tensor(out, outShape);
  }
  return new Tensor(resized(planes, channels, height, width, outHeight, outWidth), outShape);
}

function resized(planes: Float32Array, channels: number, height: number, width: number, outHeight: number, outWidth: number): Float32Array {
  return outHeight === height && outWidth === width ? planes : resizePlanes(planes, channels, height, width, outHeight, outWidth);
}

/**
 * The centred rectangle of a `height x width` image that has the aspect ratio of
 * `outHeight x outWidth` (what `fit: 'crop'` keeps).
 *
 * @example
 * centredCrop(300, 400, 224, 224); // { top: 0, left: 50, height: 300, width: 300 }
 */
export function centredCrop(height: number, width: number, outHeight: number, outWidth: number): { top: number; left: number; height: number; width: number } {
  const target = outWidth / outHeight;
  if (width / height > target) {
    const w = Math.max(1, Math.round(height * target));
    return { top: 0, left: Math.floor((width - w) / 2), height, width: w };
  }
  const h = Math.max(1, Math.round(width / target));
  return { top: Math.floor((height - h) / 2), left: 0, height: h, width };
}

function cropPlanes(planes: Float32Array, channels: number, height: number, width: number, crop: { top: number; left: number; height: number; width: number }): Float32Array {
  const out = new Float32Array(channels * crop.height * crop.width);
  for (let c = 0; c < channels; c++) {
    for (let r = 0; r < crop.height; r++) {
      const from = (c * height + crop.top + r) * width + crop.left;
      out.set(planes.subarray(from, from + crop.width), (c * crop.height + r) * crop.width);
    }
  }
  return out;
}
