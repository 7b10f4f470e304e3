import { type FeatureMaps, valueAt } from './feature-maps-of.js';
import { formatValue } from './format-value.js';

/** A map cell under the pointer. */
export interface HoverCell {
  channel: number;
  x: number;
  y: number;
  value: number;
}

/**
 * The map pixel under a point given relative to a drawn map's top-left corner, for a map of
 * `width` x `height` drawn `displayWidth` x `displayHeight` CSS pixels; null outside it or when
 * the map has no size on screen (not laid out yet).
 *
 * @example
 * pixelAt(30, 5, 80, 80, 8, 8); // { x: 3, y: 0 }
 */
export function pixelAt(offsetX: number, offsetY: number, displayWidth: number, displayHeight: number, width: number, height: number): { x: number; y: number } | null {
  if (!(displayWidth > 0 && displayHeight > 0)) return null;
  const x = Math.floor((offsetX / displayWidth) * width);
  const y = Math.floor((offsetY / displayHeight) * height);
  return x >= 0 && x < width && y >= 0 && y < height ? { x, y } : null;
}

/**
 * The cell (with its value) under a point of a drawn map; see {@link pixelAt}.
 *
 * @example
 * hoverCell(maps, 2, { offsetX: 30, offsetY: 5, displayWidth: 80, displayHeight: 80 });
 * // { channel: 2, x: 3, y: 0, value: 0.25 }
 */
export function hoverCell(maps: FeatureMaps, channel: number, point: { offsetX: number; offsetY: number; displayWidth: number; displayHeight: number }): HoverCell | null {
  const pixel = pixelAt(point.offsetX, point.offsetY, point.displayWidth, point.displayHeight, maps.width, maps.height);
  return pixel ? { channel, ...pixel, value: valueAt(maps, channel, pixel.x, pixel.y) } : null;
}

/**
 * A hover cell as text: `channel 2 (x 3, y 0) = 0.25`; strips (`[N, F]` outputs) name the feature.
 *
 * @example
 * describeCell({ channel: 0, x: 4, y: 0, value: 1 }, 'strip'); // 'feature 4 = 1'
 */
export function describeCell(cell: HoverCell, layout: FeatureMaps['layout']): string {
  const value = formatValue(cell.value);
  return layout === 'strip' ? `feature ${cell.x} = ${value}` : `channel ${cell.channel} (x ${cell.x}, y ${cell.y}) = ${value}`;
}
