import { DIVERGING_STOPS, divergingColour } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { colorAt, colormapGradient, colormapLut, colormapNames, contrastText, lutIndex, NON_FINITE_COLOR } from './colormaps.js';

describe('colormaps', () => {
  it('builds 256-entry opaque RGBA tables for every map', () => {
    for (const name of colormapNames) {
      const lut = colormapLut(name);
      expect(lut.length).toBe(1024);
      for (let i = 3; i < lut.length; i += 4) expect(lut[i]).toBe(255);
    }
  });

  it('gray runs black to white through exact mid gray', () => {
    expect(colorAt('gray', 0)).toEqual([0, 0, 0, 255]);
    expect(colorAt('gray', 1)).toEqual([255, 255, 255, 255]);
    expect(colorAt('gray', 0.5)).toEqual([128, 128, 128, 255]);
  });

  it('viridis starts dark purple and ends yellow, with luminance rising', () => {
    expect(colorAt('viridis', 0)).toEqual([0x44, 0x01, 0x54, 255]);
    expect(colorAt('viridis', 1)).toEqual([0xfd, 0xe7, 0x25, 255]);
    const luma = (t: number) => {
      const [r, g, b] = colorAt('viridis', t);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let t = 0.1; t <= 1; t += 0.1) expect(luma(t)).toBeGreaterThan(luma(t - 0.1));
  });

  it('diverging is blue for negative, near-white at the middle, red for positive', () => {
    const [r0, , b0] = colorAt('diverging', 0);
    const [r1, , b1] = colorAt('diverging', 1);
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
    expect(Math.min(...colorAt('diverging', 0.5).slice(0, 3))).toBeGreaterThan(240);
  });

  it("diverging is core's scale: the stops of DIVERGING_STOPS, the colours of core's HTML report", () => {
    expect(colormapGradient('diverging')).toBe(`linear-gradient(to right, ${DIVERGING_STOPS.join(', ')})`);
    // At the table's own positions (t = i / 255) both interpolate the same stops; rounding may differ by 1.
    for (const i of [0, 1, 31, 32, 100, 127, 128, 190, 254, 255]) {
      const ours = colorAt('diverging', i / 255).slice(0, 3);
      const report = divergingColour(i / 255);
      for (let c = 0; c < 3; c++) expect(Math.abs(ours[c] - report[c]), `t = ${i}/255, channel ${c}`).toBeLessThanOrEqual(1);
    }
  });

  it('clamps positions and colours NaN distinctly', () => {
    expect(colorAt('gray', -3)).toEqual(colorAt('gray', 0));
    expect(colorAt('gray', 7)).toEqual(colorAt('gray', 1));
    expect(lutIndex(NaN)).toBe(-1);
    expect(colorAt('viridis', NaN)).toEqual(NON_FINITE_COLOR);
  });

  it('rejects unknown names with the name in the message', () => {
    expect(() => colormapLut('jet' as never)).toThrow(/got 'jet'/);
  });

  it('gives CSS gradients and readable text colours', () => {
    expect(colormapGradient('gray')).toBe('linear-gradient(to right, #000000, #ffffff)');
    expect(contrastText([0, 0, 0, 255])).toBe('#fff');
    expect(contrastText([255, 255, 255, 255])).toBe('#000');
  });
});
