import type { RgbaImage } from '@convstudio/core';
import type { Rgb } from './canvas.js';

/** The ends of the diverging scale: blue for negative, red for positive, white at 0 (the studio's meaning). */
export const NEGATIVE: Rgb = [33, 102, 172];
export const POSITIVE: Rgb = [178, 24, 43];

/** The largest |v| over the finite values (0 when there are none). */
export function peakOf(values: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) peak = Math.max(peak, Math.abs(values[i]));
  return peak;
}

/** The colour of `value` on a scale symmetric around 0 from −peak to +peak (all white when peak is 0). */
export function divergingColor(value: number, peak: number): Rgb {
  if (!Number.isFinite(value) || peak <= 0) return [255, 255, 255];
  const t = Math.max(-1, Math.min(1, value / peak));
  const [r, g, b] = t < 0 ? NEGATIVE : POSITIVE;
  const a = Math.abs(t);
  return [Math.round(255 + (r - 255) * a), Math.round(255 + (g - 255) * a), Math.round(255 + (b - 255) * a)];
}

/**
 * A `height x width` map (row-major) as an image on the diverging scale: signed values such as
 * gradients keep their sign (0 is always white), unlike a min-max gray picture.
 *
 * @example
 * canvas.drawImage(divergingImage(dLdX, 28, 28, peakOf(dLdX)), 0, 0, 3);
 */
export function divergingImage(values: ArrayLike<number>, height: number, width: number, peak: number): RgbaImage & { data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const [r, g, b] = divergingColor(values[p], peak);
    data.set([r, g, b, 255], p * 4);
  }
  return { width, height, data };
}
