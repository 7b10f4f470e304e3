import { describe, expect, it } from 'vitest';
import { packAtlas } from './atlas.js';
import { fillAtlas, grayscaleLut, lookupTableFrom } from './texels.js';

const gray = grayscaleLut();
/** The red channel of every texel, row by row. */
const reds = (rgba: Uint8Array) => [...rgba].filter((_, i) => i % 4 === 0);

describe('lookup tables', () => {
  it('grayscale runs from black to white, opaque', () => {
    expect([...gray.subarray(0, 4)]).toEqual([0, 0, 0, 255]);
    expect([...gray.subarray(128 * 4, 128 * 4 + 4)]).toEqual([128, 128, 128, 255]);
    expect([...gray.subarray(1020)]).toEqual([255, 255, 255, 255]);
  });

  it('builds a table from a colour function, clamping its channels', () => {
    const table = lookupTableFrom((v) => [v * 300, 10, -5]);
    expect(table.length).toBe(1024);
    expect([...table.subarray(1020)]).toEqual([255, 10, 0, 255]);
  });
});

describe('fillAtlas', () => {
  it('scales each channel to its own min and max and places map rows in their cell', () => {
    const atlas = packAtlas(2, 2, 2); // two 2x2 maps side by side: a 4x2 texture
    const out = new Uint8Array(atlas.width * atlas.height * 4);
    const data = new Float32Array([0, 1, 2, 3, /* channel 1 */ -10, 0, 10, 20]);
    fillAtlas(out, atlas, { data, offset: 0, valuesPerMap: 4 }, gray);
    // Texture row 0: map rows 0 of both channels; row 1: their rows 1.
    expect(reds(out)).toEqual([0, 85, 0, 85, 170, 255, 170, 255]);
    expect(out.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
  });

  it("scales across the node's channels when asked, and reads the sample at an offset", () => {
    const atlas = packAtlas(2, 1, 2);
    const out = new Uint8Array(atlas.width * atlas.height * 4);
    const data = new Float32Array([99, 99, 99, 99, /* sample 1 */ 0, 1, 2, 4]);
    fillAtlas(out, atlas, { data, offset: 4, valuesPerMap: 2 }, gray, 'per-layer');
    expect(reds(out)).toEqual([0, 64, 128, 255]);
  });

  it('colours through the lookup table', () => {
    const atlas = packAtlas(1, 1, 2);
    const out = new Uint8Array(8);
    fillAtlas(out, atlas, { data: new Float32Array([0, 1]), offset: 0, valuesPerMap: 2 }, lookupTableFrom((v) => [v * 255, 0, 255 - v * 255]));
    expect([...out]).toEqual([0, 0, 255, 255, 255, 0, 0, 255]);
  });

  it('paints constant maps dark, NaN magenta, and clamps infinities to the ends', () => {
    const atlas = packAtlas(2, 1, 4);
    const out = new Uint8Array(atlas.width * atlas.height * 4);
    const data = new Float32Array([5, 5, 5, 5, /* channel 1 */ NaN, -Infinity, 0, Infinity]);
    fillAtlas(out, atlas, { data, offset: 0, valuesPerMap: 4 }, gray);
    expect(reds(out).slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect([...out.subarray(16, 20)]).toEqual([255, 0, 255, 255]);
    // Channel 1's only finite value is 0: a constant map, so the infinities take the first colour too.
    expect(reds(out).slice(5)).toEqual([0, 0, 0]);
  });

  it('wraps a strip of features over its cell and fills the rest with the background', () => {
    const atlas = packAtlas(1, 2, 3); // 5 features in rows of 3
    const out = new Uint8Array(atlas.width * atlas.height * 4);
    fillAtlas(out, atlas, { data: new Float32Array([0, 1, 2, 3, 4]), offset: 0, valuesPerMap: 5 }, gray);
    expect(reds(out)).toEqual([0, 64, 128, 191, 255, 24]);
  });

  it('refuses a target that does not start on a 4-byte boundary', () => {
    const atlas = packAtlas(1, 1, 1);
    const shifted = new Uint8Array(new ArrayBuffer(8), 1, 4);
    expect(() => fillAtlas(shifted, atlas, { data: new Float32Array(1), offset: 0, valuesPerMap: 1 }, gray)).toThrow(/4-byte boundary, got offset 1/);
  });

  it('refuses buffers, tables or data that do not match', () => {
    const atlas = packAtlas(2, 2, 2);
    const data = { data: new Float32Array(8), offset: 0, valuesPerMap: 4 };
    expect(() => fillAtlas(new Uint8Array(3), atlas, data, gray)).toThrow(/target has 3 bytes, a 4x2 atlas needs 32/);
    expect(() => fillAtlas(new Uint8Array(32), atlas, data, new Uint8Array(10))).toThrow(/1024 bytes\), got 10/);
    expect(() => fillAtlas(new Uint8Array(32), atlas, { ...data, offset: 4 }, gray)).toThrow(/do not fit/);
  });

  it('fills 256 maps of 64x64 in place without growing the target', () => {
    const atlas = packAtlas(256, 64, 64);
    const out = new Uint8Array(atlas.width * atlas.height * 4);
    const data = Float32Array.from({ length: 256 * 64 * 64 }, (_, i) => Math.sin(i));
    fillAtlas(out, atlas, { data, offset: 0, valuesPerMap: 64 * 64 }, gray);
    expect(out.length).toBe(1024 * 1024 * 4);
    // Each map spans black to white: its first row holds both ends of sin's range within a few texels.
    const firstRow = out.subarray(0, 64 * 4).filter((_, i) => i % 4 === 0);
    expect(Math.max(...firstRow)).toBeGreaterThan(240);
    expect(Math.min(...firstRow)).toBeLessThan(15);
  });
});
