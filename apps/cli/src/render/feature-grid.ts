import { Tensor, tensorToImage } from '@convstudio/core';
import { Canvas, type Rgb } from './canvas.js';
import { divergingImage, peakOf } from './diverging.js';
import { gridLayout, tileOrigin, type GridLayout } from './grid-layout.js';

/**
 * Colour of the gaps between tiles and of unused cells: a blue no gray map can contain, so a
 * tile's black or white border is never mistaken for the gap.
 */
export const GAP_COLOR: Rgb = [70, 110, 170];
/** The gap on diverging pictures, where blue means negative: a mid gray, which that scale never shows. */
export const DIVERGING_GAP_COLOR: Rgb = [96, 96, 96];

/** A node's output drawn as one picture. */
export interface FeatureGrid {
  canvas: Canvas;
  layout: GridLayout;
  /** `maps`: one tile per channel. `vector`: a flat output's values as cells of one tile, row-major. */
  kind: 'maps' | 'vector';
}

/** How values become colours: `gray` min-max scales each tile; `diverging` puts 0 at white on one symmetric range for the whole node (gradients). */
export type GridColors = 'gray' | 'diverging';

/**
 * Draws the first sample of a node's output: `[N, C, H, W]` as C tiles in a near-square grid
 * with one-pixel gaps, each tile min-max scaled on its own (gray, like matplotlib's
 * `cmap='gray'`) and upscaled to at least `minTile` pixels; any other shape (`[N, F]` from
 * flatten or a dense layer) as its F values in a near-square block of cells, min-max scaled
 * together, unused cells in the gap colour.
 *
 * @example
 * const { canvas } = featureGrid(outputs.get('conv1')); // 8 maps of 28x28 -> 3x3 grid of 84 px tiles
 * await writeFile('conv1.png', canvas.toPng());
 */
export function featureGrid(output: Tensor, minTile = 64, colors: GridColors = 'gray'): FeatureGrid {
  const [n, ...rest] = output.shape;
  const perSample = n > 0 ? output.size / n : 0;
  const sample = output.data.subarray(0, perSample);
  const peak = peakOf(sample);
  const gapColor = colors === 'diverging' ? DIVERGING_GAP_COLOR : GAP_COLOR;
  const picture = (values: Float32Array, height: number, width: number) => (colors === 'diverging' ? divergingImage(values, height, width, peak) : tensorToImage(new Tensor(values, [height, width])));
  if (rest.length === 3) {
    const [channels, height, width] = rest;
    const layout = gridLayout(channels, height, width, { minTile });
    const canvas = new Canvas(layout.width, layout.height, gapColor);
    for (let c = 0; c < channels; c++) {
      const { x, y } = tileOrigin(layout, c);
      canvas.drawImage(picture(sample.slice(c * height * width, (c + 1) * height * width), height, width), x, y, layout.scale);
    }
    return { canvas, layout, kind: 'maps' };
  }
  const columns = Math.max(1, Math.ceil(Math.sqrt(perSample)));
  const rows = Math.max(1, Math.ceil(perSample / columns));
  // Unused cells are NaN, which tensorToImage leaves out of the min-max range.
  const cells = new Float32Array(rows * columns).fill(Number.NaN);
  cells.set(sample);
  const layout = gridLayout(1, rows, columns, { minTile });
  const canvas = new Canvas(layout.width, layout.height, gapColor);
  canvas.drawImage(picture(cells, rows, columns), 0, 0, layout.scale);
  for (let k = perSample; k < rows * columns; k++) {
    canvas.fillRect((k % columns) * layout.scale, Math.floor(k / columns) * layout.scale, layout.scale, layout.scale, gapColor);
  }
  return { canvas, layout, kind: 'vector' };
}
