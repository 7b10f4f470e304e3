import { encode as encodePngBytes } from 'fast-png';
import { fail, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import type { RgbaImage } from './image-to-tensor.js';

/** Options of {@link tensorToImage}. */
export interface TensorToImageOptions {
  /** Values mapped to black and white. Default: the map's own finite minimum and maximum. */
  range?: readonly [number, number];
}

/**
 * Turns a feature map or image tensor into RGBA pixels for display or a PNG: `[H, W]` and
 * `[1, 1, H, W]` become gray, `[1, 3, H, W]` becomes colour. Values are scaled min-max over
 * the whole tensor (all channels together, so colours keep their balance) unless `range` is
 * given. Values outside the range clip; NaN becomes 0; a constant map becomes black, as
 * matplotlib shows a map whose minimum equals its maximum.
 *
 * @example
 * const image = tensorToImage(featureMap);             // min-max scaled
 * const same = tensorToImage(digit, { range: [0, 1] }); // fixed scale, comparable across maps
 */
export function tensorToImage(map: Tensor, options: TensorToImageOptions = {}): RgbaImage & { data: Uint8ClampedArray } {
  const { shape } = map;
  const channels = shape.length === 2 ? 1 : shape.length === 4 && shape[0] === 1 && (shape[1] === 1 || shape[1] === 3) ? shape[1] : 0;
  if (channels === 0) {
    fail('tensorToImage', 'map', `must have shape [H,W], [1,1,H,W] or [1,3,H,W], got ${formatShape(shape)}`);
  }
  const [height, width] = shape.slice(-2);
  const [lo, hi] = options.range ?? finiteRange(map.data);
  if (options.range && !(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    fail('tensorToImage', 'options.range', `must be two finite numbers [lo, hi] with hi > lo, got [${lo}, ${hi}]`);
  }
  const gain = hi > lo ? 255 / (hi - lo) : 0;
  const pixels = width * height;
  const out = new Uint8ClampedArray(pixels * 4);
  const values = map.data;
  for (let p = 0; p < pixels; p++) {
    // Uint8ClampedArray rounds and clips on store and turns NaN into 0.
    const r = (values[p] - lo) * gain;
    out[p * 4] = r;
    out[p * 4 + 1] = channels === 3 ? (values[pixels + p] - lo) * gain : r;
    out[p * 4 + 2] = channels === 3 ? (values[2 * pixels + p] - lo) * gain : r;
    out[p * 4 + 3] = 255;
  }
  return { width, height, data: out };
}

function finiteRange(values: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // No finite value at all: any range works, NaN stores as 0 and infinities clip.
  return lo <= hi ? [lo, hi] : [0, 1];
}

/**
 * Encodes RGBA pixels as an 8-bit RGBA PNG file (pure JS, fast-png), e.g. for the CLI to
 * write feature maps next to the input image.
 *
 * @example
 * writeFileSync('map.png', encodePng(tensorToImage(featureMap)));
 */
export function encodePng(image: RgbaImage): Uint8Array {
  const { width, height, data } = image;
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width <= 0 || height <= 0) {
    fail('encodePng', 'image', `must have positive integer width and height, got ${width}x${height}`);
  }
  if (data.length !== width * height * 4) {
    fail('encodePng', 'image.data', `must hold ${width * height * 4} RGBA bytes for ${width}x${height}, got ${data.length}`);
  }
  return encodePngBytes({ width, height, data, channels: 4, depth: 8 });
}
