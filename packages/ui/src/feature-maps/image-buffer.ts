import { LUT_SIZE, NON_FINITE_COLOR } from './colormaps.js';
import type { ValueRange } from './scaling.js';

/**
 * RGBA pixels (ImageData layout) of `length` values starting at `offset`, coloured through a
 * lookup table from {@link colormapLut}. NaN and infinite values get {@link NON_FINITE_COLOR}
 * (the range ignores them, so clamping an infinity would fake a real extreme).
 *
 * @example
 * const rgba = mapToRgba(Float32Array.of(0, 1), 0, 2, { min: 0, max: 1 }, colormapLut('gray'));
 * // [0, 0, 0, 255, 255, 255, 255, 255]
 */
export function mapToRgba(data: ArrayLike<number>, offset: number, length: number, range: ValueRange, lut: Uint8ClampedArray, out = new Uint8ClampedArray(length * 4)): Uint8ClampedArray {
  if (out.length !== length * 4) throw new Error(`mapToRgba: out must hold ${length * 4} bytes, got ${out.length}`);
  const span = range.max - range.min;
  // Hoisted out of the loop: this runs for every pixel of every tile.
  const scale = span > 0 ? (LUT_SIZE - 1) / span : 0;
  const constantIndex = Math.round((LUT_SIZE - 1) / 2);
  for (let i = 0; i < length; i++) {
    const v = data[offset + i];
    const o = i * 4;
    if (!Number.isFinite(v)) {
      out[o] = NON_FINITE_COLOR[0];
      out[o + 1] = NON_FINITE_COLOR[1];
      out[o + 2] = NON_FINITE_COLOR[2];
      out[o + 3] = NON_FINITE_COLOR[3];
      continue;
    }
    const raw = scale > 0 ? Math.round((v - range.min) * scale) : constantIndex;
    const index = (raw < 0 ? 0 : raw > LUT_SIZE - 1 ? LUT_SIZE - 1 : raw) * 4;
    out[o] = lut[index];
    out[o + 1] = lut[index + 1];
    out[o + 2] = lut[index + 2];
    out[o + 3] = lut[index + 3];
  }
  return out;
}
