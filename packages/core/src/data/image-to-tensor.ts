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
  /** How the image fills `size`; only `'stretch'` (ignore the aspect ratio) for now. */
  fit?: 'stretch';
}

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
  if (fit !== 'stretch') fail(op, 'options.fit', `must be 'stretch', got ${String(fit)}`);
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
  const same = outHeight === height && outWidth === width;
  return new Tensor(same ? planes : resizePlanes(planes, channels, height, width, outHeight, outWidth), outShape);
}
