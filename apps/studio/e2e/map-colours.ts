import type { Tensor } from '@convstudio/core';
import { colormapLut, type ColormapName } from '@convstudio/ui';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { tilePixels } from './page-probes.js';

/**
 * The colour-table index each value of `tensor` (one sample, NCHW) should be drawn with: every
 * map scaled over its own range (the grid's default `per-map` scaling), centred on zero for the
 * diverging map. Written out here rather than taken from the ui's scaling code, so that code is
 * under test too.
 */
function expectedIndices(tensor: Tensor, colormap: ColormapName): number[][] {
  const [, channels, height, width] = tensor.shape;
  const size = height * width;
  return Array.from({ length: channels }, (_, c) => {
    const values = Array.from(tensor.data.subarray(c * size, (c + 1) * size));
    let [min, max] = [Math.min(...values), Math.max(...values)];
    if (colormap === 'diverging') [min, max] = [-Math.max(-min, max), Math.max(-min, max)];
    return values.map((v) => (max > min ? Math.round(((v - min) / (max - min)) * 255) : 128));
  });
}

/**
 * Checks that `canvases` (RGBA pixels of each channel's map, as the page drew them) show
 * `tensor` (core's values, computed in the test) through `colormap`: every canvas has its map's
 * size and every pixel is the colour of its value, give or take one step of the 256-colour table
 * (the page's kernels and Node's may round a value differently in the last bit, which can move
 * it across a step).
 */
export function expectPixelsShow(canvases: number[][], tensor: Tensor, colormap: ColormapName, what: string): void {
  const lut = colormapLut(colormap);
  const colourAt = (index: number) => (index < 0 || index > 255 ? '' : `${lut[index * 4]},${lut[index * 4 + 1]},${lut[index * 4 + 2]}`);
  const want = expectedIndices(tensor, colormap);
  expect(canvases.map((t) => t.length / 4), `${what}: canvas sizes`).toEqual(want.slice(0, canvases.length).map((w) => w.length));
  const wrong: string[] = [];
  canvases.forEach((pixels, channel) =>
    want[channel].forEach((index, i) => {
      const shown = `${pixels[i * 4]},${pixels[i * 4 + 1]},${pixels[i * 4 + 2]}`;
      if (![index - 1, index, index + 1].some((k) => colourAt(k) === shown)) wrong.push(`channel ${channel} pixel ${i}: ${shown}, want ${colourAt(index)}`);
    }),
  );
  expect(wrong.slice(0, 5), `${what}: ${wrong.length} pixels of other colours`).toEqual([]);
}

/**
 * Checks that the tiles of `nodeId` in the maps view draw `tensor` (core's output of that node):
 * the grid's colormap is the one its `auto` choice gives (diverging for signed data, else gray)
 * at per-map scaling, there is a tile per channel, and each tile's pixels are
 * {@link expectPixelsShow}'s colours.
 */
export async function expectTilesShow(page: Page, nodeId: string, tensor: Tensor): Promise<void> {
  const data = Array.from(tensor.data);
  const colormap: ColormapName = data.some((v) => v < 0) && data.some((v) => v > 0) ? 'diverging' : 'gray';
  const grid = page.locator(`[data-testid=maps-node][data-node-id="${nodeId}"] section[data-colormap][data-scaling]`);
  expect(await grid.getAttribute('data-colormap'), `${nodeId} colormap`).toBe(colormap);
  expect(await grid.getAttribute('data-scaling'), `${nodeId} scaling`).toBe('per-map');
  const tiles = await tilePixels(page, nodeId);
  expect(tiles.length, `${nodeId} tiles`).toBe(tensor.shape[1]);
  expectPixelsShow(tiles, tensor, colormap, nodeId);
}
