import { describe, expect, it } from 'vitest';
import { colorAt, colormapLut, NON_FINITE_COLOR } from './colormaps.js';
import { mapToRgba } from './image-buffer.js';
import { unitPosition } from './scaling.js';

describe('mapToRgba', () => {
  it('colours each value through the lookup table', () => {
    const rgba = mapToRgba(Float32Array.of(0, 0.5, 1), 0, 3, { min: 0, max: 1 }, colormapLut('gray'));
    expect(rgba).toBeInstanceOf(Uint8ClampedArray);
    expect([...rgba]).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
  });

  it('agrees with colorAt(unitPosition) on every value, from an offset', () => {
    const data = Float32Array.of(99, -2, -0.3, 0, 0.7, 2, 5);
    const range = { min: -2, max: 2 };
    const rgba = mapToRgba(data, 1, 6, range, colormapLut('diverging'));
    for (let i = 0; i < 6; i++) expect([...rgba.subarray(i * 4, i * 4 + 4)]).toEqual([...colorAt('diverging', unitPosition(data[i + 1], range))]);
  });

  it('draws a constant map in the middle colour and non-finite values in magenta', () => {
    const rgba = mapToRgba(Float32Array.of(3, NaN, Infinity), 0, 3, { min: 3, max: 3 }, colormapLut('viridis'));
    expect([...rgba.subarray(0, 4)]).toEqual([...colorAt('viridis', 0.5)]);
    expect([...rgba.subarray(4, 8)]).toEqual([...NON_FINITE_COLOR]);
    expect([...rgba.subarray(8, 12)]).toEqual([...NON_FINITE_COLOR]);
  });

  it('writes into a given buffer and checks its size', () => {
    const out = new Uint8ClampedArray(8);
    expect(mapToRgba(Float32Array.of(0, 1), 0, 2, { min: 0, max: 1 }, colormapLut('gray'), out)).toBe(out);
    expect(() => mapToRgba(Float32Array.of(0, 1), 0, 2, { min: 0, max: 1 }, colormapLut('gray'), new Uint8ClampedArray(4))).toThrow(/must hold 8 bytes, got 4/);
  });
});

describe('mapToRgba, the packed fast path', () => {
  const naive = (data: Float32Array, range: { min: number; max: number }, lut: Uint8ClampedArray) => {
    const out: number[] = [];
    for (const v of data) {
      if (!Number.isFinite(v)) out.push(...NON_FINITE_COLOR);
      else {
        const raw = range.max > range.min ? Math.round(((v - range.min) * 255) / (range.max - range.min)) : 128;
        const i = Math.min(255, Math.max(0, raw)) * 4;
        out.push(lut[i], lut[i + 1], lut[i + 2], lut[i + 3]);
      }
    }
    return out;
  };

  it('equals Math.round through the table on values at, between and beyond the bin edges', () => {
    const range = { min: -1.5, max: 2.25 };
    const step = (range.max - range.min) / 255;
    const values: number[] = [];
    for (let i = -3; i < 260; i++) for (const f of [0, 0.25, 0.5, 0.4999, 0.5001, 0.75]) values.push(range.min + (i + f) * step);
    values.push(-0, 0, NaN, Infinity, -Infinity, 1e30, -1e30);
    const data = Float32Array.from(values);
    for (const name of ['gray', 'viridis', 'diverging'] as const) {
      const lut = colormapLut(name);
      expect([...mapToRgba(data, 0, data.length, range, lut)]).toEqual(naive(data, range, lut));
    }
  });

  it('writes the same bytes into an unaligned view as into an aligned one', () => {
    const data = Float32Array.of(0, 0.3, NaN, 1, -4);
    const lut = colormapLut('viridis');
    const backing = new Uint8ClampedArray(1 + data.length * 4);
    const unaligned = mapToRgba(data, 0, data.length, { min: 0, max: 1 }, lut, backing.subarray(1));
    expect([...unaligned]).toEqual([...mapToRgba(data, 0, data.length, { min: 0, max: 1 }, lut)]);
  });

  it('refuses a lookup table of the wrong size', () => {
    expect(() => mapToRgba(Float32Array.of(0), 0, 1, { min: 0, max: 1 }, new Uint8ClampedArray(12))).toThrow(/lut must hold 1024 bytes, got 12/);
  });
});
