/** How one node's channels are packed into a single texture: a grid of equal cells. */
export interface AtlasLayout {
  /** Maps packed (channels, or 1 for a strip). */
  count: number;
  /** Texels of one map. */
  cellWidth: number;
  cellHeight: number;
  columns: number;
  rows: number;
  /** Texture size in texels. */
  width: number;
  height: number;
}

/** WebGL2 guarantees 2048; every desktop GPU and SwiftShader give at least 8192. */
export const DEFAULT_MAX_TEXTURE_SIZE = 8192;

/**
 * Packs `count` maps of `cellHeight` x `cellWidth` texels into a near-square grid, so one
 * texture (and one upload) serves a whole node instead of one texture per channel.
 *
 * @example
 * packAtlas(64, 64, 64); // { columns: 8, rows: 8, width: 512, height: 512, ... }
 */
export function packAtlas(count: number, cellHeight: number, cellWidth: number, maxSize = DEFAULT_MAX_TEXTURE_SIZE): AtlasLayout {
  for (const [name, value] of [['count', count], ['cellHeight', cellHeight], ['cellWidth', cellWidth]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`packAtlas: ${name} must be a positive integer, got ${value}`);
  }
  const fit = Math.floor(maxSize / cellWidth);
  if (fit < 1 || cellHeight > maxSize) {
    throw new Error(`packAtlas: a ${cellHeight}x${cellWidth} map does not fit a ${maxSize}x${maxSize} texture`);
  }
  // Aim for a square texture: columns * cellWidth close to rows * cellHeight.
  const ideal = Math.ceil(Math.sqrt((count * cellHeight) / cellWidth));
  const columns = Math.max(1, Math.min(count, ideal, fit));
  const rows = Math.ceil(count / columns);
  if (rows * cellHeight > maxSize) {
    throw new Error(`packAtlas: ${count} maps of ${cellHeight}x${cellWidth} need ${rows * cellHeight}x${columns * cellWidth} texels, over the ${maxSize} limit`);
  }
  return { count, cellWidth, cellHeight, columns, rows, width: columns * cellWidth, height: rows * cellHeight };
}

/**
 * Each map's cell origin in texels (x, y), two numbers per map: the per-plane attribute
 * the stack's shader adds to the fragment's position inside the map.
 *
 * @example
 * cellOrigins(packAtlas(4, 2, 2)); // Float32Array [0, 0, 2, 0, 0, 2, 2, 2]
 */
export function cellOrigins(atlas: AtlasLayout): Float32Array {
  const origins = new Float32Array(atlas.count * 2);
  for (let i = 0; i < atlas.count; i++) {
    origins[2 * i] = (i % atlas.columns) * atlas.cellWidth;
    origins[2 * i + 1] = Math.floor(i / atlas.columns) * atlas.cellHeight;
  }
  return origins;
}

/** True when two layouts need textures of the same size (the data can be refilled in place). */
export function sameAtlasSize(a: AtlasLayout | null, b: AtlasLayout): boolean {
  return a !== null && a.width === b.width && a.height === b.height;
}
