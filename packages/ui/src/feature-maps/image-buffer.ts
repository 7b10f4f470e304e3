import { LUT_SIZE, NON_FINITE_COLOR } from './colormaps.js';
import type { ValueRange } from './scaling.js';

/** Each lookup table's colours as whole pixels (bytes in table order, so endianness cannot swap them). */
const packedLuts = new WeakMap<Uint8ClampedArray, Uint32Array>();
const NON_FINITE_PIXEL = new Uint32Array(Uint8ClampedArray.from(NON_FINITE_COLOR).buffer)[0];

function packed(lut: Uint8ClampedArray): Uint32Array {
  let pixels = packedLuts.get(lut);
  if (!pixels) {
    pixels = new Uint32Array(Uint8ClampedArray.from(lut).buffer);
    packedLuts.set(lut, pixels);
  }
  return pixels;
}

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
  if (lut.length !== LUT_SIZE * 4) throw new Error(`mapToRgba: lut must hold ${LUT_SIZE * 4} bytes, got ${lut.length}`);
  const span = range.max - range.min;
  // Runs for every pixel of every tile on each edit: one 32-bit store per pixel through a packed
  // table, and rounding by truncation of t + 0.5 (t is clamped to [0, 255] first, where that
  // equals Math.round).
  const scale = span > 0 ? (LUT_SIZE - 1) / span : 0;
  const constantIndex = Math.round((LUT_SIZE - 1) / 2);
  const min = range.min;
  const table = packed(lut);
  const pixels = out.byteOffset % 4 === 0 ? new Uint32Array(out.buffer, out.byteOffset, length) : undefined;
  const top = LUT_SIZE - 1;
  for (let i = 0; i < length; i++) {
    const v = data[offset + i];
    let index: number;
    // v - v is NaN for NaN and both infinities, 0 for every finite value; -1 marks them.
    if (v - v !== 0) index = -1;
    else if (scale === 0) index = constantIndex;
    else {
      const t = (v - min) * scale;
      index = t <= 0 ? 0 : t >= top ? top : (t + 0.5) | 0;
    }
    if (pixels) pixels[i] = index < 0 ? NON_FINITE_PIXEL : table[index];
    else {
      // An unaligned view (a subarray of odd offset): byte by byte.
      const o = i * 4;
      for (let k = 0; k < 4; k++) out[o + k] = index < 0 ? NON_FINITE_COLOR[k] : lut[index * 4 + k];
    }
  }
  return out;
}
