import type { FeatureMaps } from './feature-maps-of.js';
import { mapToRgba } from './image-buffer.js';
import type { ValueRange } from './scaling.js';

/**
 * Draws one map into a canvas sized `width` x `height` (one canvas pixel per value; CSS scales it
 * with `image-rendering: pixelated`). Returns false when the canvas has no 2D context (jsdom,
 * happy-dom, a lost context), so callers can mark the tile instead of failing.
 *
 * @example
 * drawMap(canvas, featureMapsOf(output), 0, { min: 0, max: 1 }, colormapLut('gray'));
 */
export function drawMap(canvas: HTMLCanvasElement, maps: FeatureMaps, channel: number, range: ValueRange, lut: Uint8ClampedArray): boolean {
  // A canvas in memory, not one the GPU composites: a grid holds hundreds of small maps, and as
  // GPU layers they made every frame's layerization and readback slow (58 ms a frame on AlexNet).
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return false;
  const size = maps.width * maps.height;
  const image = context.createImageData(maps.width, maps.height);
  // Writes straight into the ImageData's own buffer: no intermediate copy per tile.
  mapToRgba(maps.data, channel * size, size, range, lut, image.data);
  context.putImageData(image, 0, 0);
  return true;
}
