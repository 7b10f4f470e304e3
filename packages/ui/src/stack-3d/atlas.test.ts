import { describe, expect, it } from 'vitest';
import { cellOrigins, packAtlas, sameAtlasSize } from './atlas.js';

describe('packAtlas', () => {
  it('packs 64 maps of 64x64 into an 8x8 grid of 512x512 texels', () => {
    expect(packAtlas(64, 64, 64)).toEqual({ count: 64, cellWidth: 64, cellHeight: 64, columns: 8, rows: 8, width: 512, height: 512 });
  });

  it('keeps the texture near square for non-square counts and cells', () => {
    const a = packAtlas(96, 55, 55); // AlexNet conv1
    expect(a.columns * a.rows).toBeGreaterThanOrEqual(96);
    expect(a.columns).toBe(10);
    expect(a.rows).toBe(10);
    const wide = packAtlas(4, 1, 100); // wide cells stack in one column
    expect(wide.columns).toBe(1);
    expect(wide.height).toBe(4);
  });

  it('puts a single map in one cell', () => {
    expect(packAtlas(1, 3, 7)).toMatchObject({ columns: 1, rows: 1, width: 7, height: 3 });
  });

  it('wraps at the size limit and refuses what cannot fit', () => {
    const a = packAtlas(10, 4, 30, 64); // two cells of 30 per 64-texel row
    expect(a.columns).toBe(2);
    expect(a.rows).toBe(5);
    expect(() => packAtlas(1, 4, 100, 64)).toThrow(/does not fit a 64x64/);
    expect(() => packAtlas(100, 30, 30, 64)).toThrow(/over the 64 limit/);
    expect(() => packAtlas(0, 4, 4)).toThrow(/count must be a positive integer, got 0/);
  });
});

describe('cellOrigins', () => {
  it('gives each map its cell origin, row by row', () => {
    expect([...cellOrigins(packAtlas(4, 2, 3))]).toEqual([0, 0, 3, 0, 0, 2, 3, 2]);
    expect([...cellOrigins(packAtlas(3, 2, 2))]).toEqual([0, 0, 2, 0, 0, 2]);
  });
});

describe('sameAtlasSize', () => {
  it('is true only for textures of equal size', () => {
    expect(sameAtlasSize(null, packAtlas(4, 2, 2))).toBe(false);
    expect(sameAtlasSize(packAtlas(4, 2, 2), packAtlas(4, 2, 2))).toBe(true);
    expect(sameAtlasSize(packAtlas(4, 2, 2), packAtlas(4, 2, 3))).toBe(false);
  });
});
