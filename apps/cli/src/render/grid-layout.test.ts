import { describe, expect, it } from 'vitest';
import { gridLayout, tileOrigin } from './grid-layout.js';

describe('gridLayout', () => {
  it('puts n tiles in ceil(sqrt(n)) columns and as many rows as needed', () => {
    const cases: [number, number, number][] = [[1, 1, 1], [2, 2, 1], [3, 2, 2], [4, 2, 2], [5, 3, 2], [8, 3, 3], [9, 3, 3], [10, 4, 3], [64, 8, 8], [96, 10, 10]];
    for (const [tiles, columns, rows] of cases) {
      const layout = gridLayout(tiles, 10, 10);
      expect([layout.columns, layout.rows], `${tiles} tiles`).toEqual([columns, rows]);
      expect(layout.columns * layout.rows).toBeGreaterThanOrEqual(tiles);
      expect((layout.rows - 1) * layout.columns).toBeLessThan(tiles);
    }
  });

  it('upscales by the smallest integer that makes the longer side at least 64 pixels, never shrinks', () => {
    expect(gridLayout(1, 24, 24).scale).toBe(3); // 72 px
    expect(gridLayout(1, 8, 8).scale).toBe(8); // 64 px exactly
    expect(gridLayout(1, 28, 28).scale).toBe(3);
    expect(gridLayout(1, 1, 1).scale).toBe(64);
    expect(gridLayout(1, 10, 40).scale).toBe(2); // the longer side decides
    expect(gridLayout(1, 224, 224).scale).toBe(1);
  });

  it('sizes the image as tiles plus one-pixel gaps', () => {
    const layout = gridLayout(8, 14, 14);
    expect(layout).toMatchObject({ columns: 3, rows: 3, scale: 5, tileWidth: 70, tileHeight: 70, width: 212, height: 212 });
    const wide = gridLayout(2, 24, 24);
    expect([wide.width, wide.height]).toEqual([2 * 72 + 1, 72]);
  });

  it('places tiles row-major with the gap between them', () => {
    const layout = gridLayout(5, 8, 16); // 3 columns, scale 4: tiles 64 wide, 32 high
    expect(tileOrigin(layout, 0)).toEqual({ x: 0, y: 0 });
    expect(tileOrigin(layout, 2)).toEqual({ x: 130, y: 0 });
    expect(tileOrigin(layout, 3)).toEqual({ x: 0, y: 33 });
    expect(tileOrigin(layout, 4)).toEqual({ x: 65, y: 33 });
  });

  it('refuses an empty grid', () => {
    expect(() => gridLayout(0, 8, 8)).toThrow(/positive integers/);
  });
});
