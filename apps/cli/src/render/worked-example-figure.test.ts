import { runWorkedExample } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { drawFigure, FIGURE_HEIGHT, FIGURE_WIDTH, workedExamplePanels } from './worked-example-figure.js';
import type { Canvas } from './canvas.js';

/** Distinct gray levels inside a rectangle, and whether anything but white is there. */
function contents(canvas: Canvas, x0: number, y0: number, width: number, height: number) {
  const levels = new Set<number>();
  for (let y = y0; y < y0 + height; y++) for (let x = x0; x < x0 + width; x++) levels.add(canvas.getPixel(x, y)[0]);
  return levels;
}

describe('the worked example figure', () => {
  const panels = workedExamplePanels(runWorkedExample());
  const canvas = drawFigure(panels);

  it('has the document\'s panels and titles in a 3x3 grid, 5 and 6 empty', () => {
    expect(panels.map((p) => [p.position, p.title])).toEqual([
      [1, 'Diagonal Edge Kernel'],
      [2, 'Conv (6)'],
      [3, 'Max Pooled (6)'],
      [4, "'6' Image"],
      [7, 'Rotated Diagonal Edge Kernel'],
      [8, 'Conv (6)'],
      [9, 'Max Pooled (6)'],
    ]);
    expect(panels.map((p) => p.map.shape.slice(-2).join('x'))).toEqual(['5x5', '24x24', '8x8', '28x28', '5x5', '24x24', '8x8']);
    expect([canvas.width, canvas.height]).toEqual([FIGURE_WIDTH, FIGURE_HEIGHT]);
  });

  it('leaves panels 5 and 6 white and draws gray maps from black to white elsewhere', () => {
    const w = FIGURE_WIDTH / 3;
    const h = FIGURE_HEIGHT / 3;
    expect([...contents(canvas, w + 2, h + 2, 2 * w - 4, h - 4)]).toEqual([255]);
    for (const [column, row] of [[1, 0], [2, 0], [0, 1], [1, 2], [2, 2]]) {
      const levels = contents(canvas, column * w, row * h, w, h);
      // min-max per panel: black and white both present, and shades between.
      expect(levels.has(0) && levels.has(255) && levels.size > 8, `panel at ${column},${row}`).toBe(true);
    }
  });

  it('draws the 28x28 digit enlarged 6x with nearest neighbour', () => {
    const w = FIGURE_WIDTH / 3;
    const h = FIGURE_HEIGHT / 3;
    const six = panels[3].map;
    // The image's top-left pixel is just inside the corner of its dark gray frame.
    const x0 = Math.round((w - 168) / 2);
    let y0 = h;
    while (y0 < 2 * h && canvas.getPixel(x0 - 1, y0)[0] !== 38) y0++;
    expect(y0, 'the frame of panel 4').toBeLessThan(2 * h);
    y0 += 1;
    const min = Math.min(...six.data);
    const max = Math.max(...six.data);
    for (const [r, c] of [[0, 0], [12, 7], [13, 8], [20, 14], [22, 10], [27, 27]]) {
      const expected = Math.round(((six.get(0, 0, r, c) - min) / (max - min)) * 255);
      for (const [dy, dx] of [[0, 0], [5, 5], [2, 3]]) expect(canvas.getPixel(x0 + c * 6 + dx, y0 + r * 6 + dy)[0], `${r},${c}`).toBe(expected);
    }
  });
});
