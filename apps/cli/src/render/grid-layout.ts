/** Where the tiles of a feature-map grid go, in pixels. */
export interface GridLayout {
  tiles: number;
  columns: number;
  rows: number;
  /** Integer upscaling factor of every tile (nearest neighbour). */
  scale: number;
  /** One tile's size after upscaling. */
  tileWidth: number;
  tileHeight: number;
  gap: number;
  /** The whole image. */
  width: number;
  height: number;
}

/** Options of {@link gridLayout}. */
export interface GridLayoutOptions {
  /** Smallest size of a tile's longer side after upscaling, in pixels. Default 64. */
  minTile?: number;
  /** Pixels between tiles. Default 1. */
  gap?: number;
}

/**
 * A near-square grid for `tiles` maps of `height` x `width`: `ceil(sqrt(n))` columns and as
 * many rows as needed, each map upscaled by the smallest integer that makes its longer side at
 * least `minTile` pixels (small maps stay crisp; large ones are never shrunk).
 *
 * @example
 * gridLayout(8, 14, 14); // 3 columns, 3 rows, scale 5, 70x70 tiles, 212x212 in all
 */
export function gridLayout(tiles: number, height: number, width: number, options: GridLayoutOptions = {}): GridLayout {
  const { minTile = 64, gap = 1 } = options;
  if (![tiles, height, width].every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new RangeError(`gridLayout: tiles, height and width must be positive integers, got ${tiles}, ${height}, ${width}`);
  }
  const columns = Math.ceil(Math.sqrt(tiles));
  const rows = Math.ceil(tiles / columns);
  const scale = Math.max(1, Math.ceil(minTile / Math.max(height, width)));
  const tileWidth = width * scale;
  const tileHeight = height * scale;
  return {
    tiles,
    columns,
    rows,
    scale,
    tileWidth,
    tileHeight,
    gap,
    width: columns * tileWidth + (columns - 1) * gap,
    height: rows * tileHeight + (rows - 1) * gap,
  };
}

/** The top-left pixel of tile `index` (row-major). */
export function tileOrigin(layout: GridLayout, index: number): { x: number; y: number } {
  const column = index % layout.columns;
  const row = Math.floor(index / layout.columns);
  return { x: column * (layout.tileWidth + layout.gap), y: row * (layout.tileHeight + layout.gap) };
}
