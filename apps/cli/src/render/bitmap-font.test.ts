import { describe, expect, it } from 'vitest';
import { drawText, GLYPH_HEIGHT, glyphRows, textWidth } from './bitmap-font.js';
import { BLACK, Canvas, WHITE } from './canvas.js';

const ink = (canvas: Canvas, x: number, y: number) => canvas.getPixel(x, y)[0] === 0;

/** The canvas as '#' and '.' rows, to compare with a glyph. */
function picture(canvas: Canvas): string[] {
  return Array.from({ length: canvas.height }, (_, y) => Array.from({ length: canvas.width }, (_, x) => (ink(canvas, x, y) ? '#' : '.')).join(''));
}

describe('bitmap font', () => {
  it('has a 5x7 glyph for every character of the figure titles', () => {
    for (const char of new Set("Diagonal Edge Kernel Conv (6) Max Pooled '6' Image Rotated")) {
      const rows = glyphRows(char);
      expect(rows, char).toHaveLength(GLYPH_HEIGHT);
      for (const row of rows) expect(row, char).toMatch(/^[#.]{5}$/);
    }
    for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') expect(glyphRows(char)).toHaveLength(7);
  });

  it('draws the known pixels of "6" and "(" at scale 1', () => {
    const canvas = new Canvas(11, 7, WHITE);
    drawText(canvas, '6(', 0, 0, 1, BLACK);
    expect(picture(canvas)).toEqual([
      '..##.....#.',
      '.#......#..',
      '#......#...',
      '####...#...',
      '#...#..#...',
      '#...#...#..',
      '.###.....#.',
    ]);
  });

  it('scales every font pixel to a block and leaves one blank column between glyphs', () => {
    const canvas = new Canvas(textWidth('II', 2), 14, WHITE);
    expect(canvas.width).toBe(22);
    drawText(canvas, 'II', 0, 0, 2, BLACK);
    // 'I' is '.###.' on top: font columns 1..3 inked, so canvas columns 2..7 and, after the
    // 2-pixel blank column and the glyph's blank first column, 14..19.
    const top = picture(canvas)[0];
    expect(top).toBe('..######......######..');
    expect(picture(canvas)[1]).toBe(top);
  });

  it('draws unknown characters as "?" and measures text in glyph cells', () => {
    expect(glyphRows('é')).toEqual(glyphRows('?'));
    expect(textWidth('')).toBe(0);
    expect(textWidth('Conv (6)', 2)).toBe((8 * 6 - 1) * 2);
  });
});
