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
