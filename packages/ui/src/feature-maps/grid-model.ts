import type { ColormapName } from './colormaps.js';
import type { FeatureMaps } from './feature-maps-of.js';
import { channelRanges, isSigned, type Scaling, type ValueRange } from './scaling.js';

/** A colormap, or `auto`: diverging for signed data, gray otherwise (as the document's plots). */
export type ColormapChoice = ColormapName | 'auto';

/**
 * Tiles shown before the grid asks for "show all": drawing thousands of canvases stalls the page.
 *
 * @example
 * <FeatureMapGrid tensor={t} maxTiles={DEFAULT_MAX_TILES / 4} />
 */
export const DEFAULT_MAX_TILES = 256;

/**
 * The colormap a choice stands for on given data.
 *
 * @example
 * resolveColormap('auto', Float32Array.of(-1, 1)); // 'diverging'
 */
export function resolveColormap(choice: ColormapChoice, data: ArrayLike<number>): ColormapName {
  if (choice !== 'auto') return choice;
  return isSigned(data) ? 'diverging' : 'gray';
}

/**
 * One range per channel for a colormap and scaling; the diverging map always gets a range
 * symmetric about zero so that white means 0.
 *
 * @example
 * mapRanges(featureMapsOf(output), 'diverging', 'per-layer'); // [{ min: -m, max: m }, ...]
 */
export function mapRanges(maps: FeatureMaps, colormap: ColormapName, scaling: Scaling): ValueRange[] {
  return channelRanges(maps.data, maps.channels, maps.width * maps.height, { scaling, symmetric: colormap === 'diverging' });
}

/**
 * How many tiles to draw: all when `showAll` or when there are at most `maxTiles`.
 *
 * @example
 * visibleTileCount(512, 256, false); // 256
 */
export function visibleTileCount(channels: number, maxTiles: number, showAll: boolean): number {
  return showAll ? channels : Math.min(channels, Math.max(0, Math.floor(maxTiles)));
}
