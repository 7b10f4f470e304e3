import { finiteRange, type Scaling } from '../feature-maps/scaling.js';
import type { AtlasLayout } from './atlas.js';

/** A colormap as 256 RGBA entries (1024 bytes): entry i colours the value i/255 after scaling; `colormapLut` gives these. */
export type LookupTable = Uint8Array | Uint8ClampedArray;


/**
 * A lookup table from a colour function of a value in [0, 1] (channels 0..255).
 *
 * @example
 * const redRamp = lookupTableFrom((v) => [255 * v, 0, 0]);
 */
export function lookupTableFrom(colour: (value01: number) => readonly [number, number, number]): LookupTable {
  const table = new Uint8Array(256 * 4);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = colour(i / 255);
    // A plain Uint8Array wraps out-of-range values (256 -> 0), so clamp first.
    table.set([r, g, b, 255].map((c) => Math.min(255, Math.max(0, Math.round(c)))), i * 4);
  }
  return table;
}

/**
 * The default colormap: black to white.
 *
 * @example
 * grayscaleLut().subarray(1020); // [255, 255, 255, 255]
 */
export function grayscaleLut(): LookupTable {
  return lookupTableFrom((v) => [v * 255, v * 255, v * 255]);
}

// NaN must stand out from every colormap's range, so it gets a colour no map uses.
const NAN_RGBA = [255, 0, 255, 255] as const;
// Texels past the last feature of a strip's last row: a dark background, not a value.
const EMPTY_RGBA = [24, 24, 28, 255] as const;

/** Min and max of the finite values in `[offset, offset + length)`; [0, 0] when there are none. */
function rangeOf(values: Float32Array, offset: number, length: number): [number, number] {
  const range = finiteRange(values, offset, offset + length);
  return range ? [range.min, range.max] : [0, 0];
}

/** Where one sample's maps sit in a tensor's data and how many values each map holds. */
export interface MapSource {
  data: Float32Array;
  /** Index of the sample's first value. */
  offset: number;
  /** Values per map: H*W for [N,C,H,W], F for a [N,F] strip (one map). */
  valuesPerMap: number;
  /** Atlas cell i shows map i * stride (default 1: every map). */
  stride?: number;
  /** Maps in the sample, all of which per-layer scaling spans (default: the atlas's count times `stride`). */
  maps?: number;
}

/**
 * Fills an RGBA atlas (`atlas.width * atlas.height * 4` bytes, row 0 first) with each map's
 * values, min-max scaled to [0, 255] and coloured through `lut`. Map row y lands on texel row
 * `cellOrigin.y + y`; a strip's values run row by row over its cell. With a `stride`, cell i
 * shows map i * stride (a wide layer's every k-th channel). A constant map takes the
 * table's first colour (a dead ReLU map reads as dark, not mid-grey); NaN is magenta;
 * ±Infinity clamp to the ends. Writes into `target`, allocating nothing, so a texture's
 * buffer is refilled in place.
 *
 * @example
 * const atlas = packAtlas(2, 1, 2);
 * const out = new Uint8Array(atlas.width * atlas.height * 4);
 * fillAtlas(out, atlas, { data: new Float32Array([0, 1, 5, 5]), offset: 0, valuesPerMap: 2 }, grayscaleLut());
 * // texels: 0, 255 (first map), 0, 0 (constant second map)
 */
export function fillAtlas(target: Uint8Array, atlas: AtlasLayout, source: MapSource, lut: LookupTable, scaling: Scaling = 'per-map'): void {
  const { data, offset, valuesPerMap, stride = 1, maps = atlas.count * stride } = source;
  if (target.length !== atlas.width * atlas.height * 4) {
    throw new Error(`fillAtlas: target has ${target.length} bytes, a ${atlas.width}x${atlas.height} atlas needs ${atlas.width * atlas.height * 4}`);
  }
  if (lut.length !== 1024) throw new Error(`fillAtlas: lookup table must hold 256 RGBA entries (1024 bytes), got ${lut.length}`);
  if (!Number.isInteger(stride) || stride < 1 || maps < (atlas.count - 1) * stride + 1) {
    throw new Error(`fillAtlas: ${atlas.count} cells every ${stride} maps need ${(atlas.count - 1) * stride + 1} maps, got stride ${stride} and ${maps} maps`);
  }
  if (valuesPerMap > atlas.cellWidth * atlas.cellHeight || offset + maps * valuesPerMap > data.length) {
    throw new Error(`fillAtlas: ${maps} maps of ${valuesPerMap} values from offset ${offset} do not fit the data (${data.length}) or the ${atlas.cellHeight}x${atlas.cellWidth} cells`);
  }
  // Whole texels as 32-bit words: one store per texel instead of four. Copying the table and the
  // special colours keeps their byte order, whatever the platform's endianness.
  if (target.byteOffset % 4 !== 0) throw new Error(`fillAtlas: target must start on a 4-byte boundary, got offset ${target.byteOffset}`);
  const out = new Uint32Array(target.buffer, target.byteOffset, target.length / 4);
  const colours = new Uint32Array(258);
  const colourBytes = new Uint8Array(colours.buffer);
  colourBytes.set(lut);
  colourBytes.set(NAN_RGBA, 256 * 4);
  colourBytes.set(EMPTY_RGBA, 257 * 4);
  const [nan, empty] = [colours[256], colours[257]];
  let [min, max] = scaling === 'per-layer' ? rangeOf(data, offset, maps * valuesPerMap) : [0, 0];
  const { cellWidth, cellHeight } = atlas;
  for (let map = 0; map < atlas.count; map++) {
    const start = offset + map * stride * valuesPerMap;
    if (scaling === 'per-map') [min, max] = rangeOf(data, start, valuesPerMap);
    const scale = max > min ? 255 / (max - min) : 0;
    const originX = (map % atlas.columns) * cellWidth;
    const originY = Math.floor(map / atlas.columns) * cellHeight;
    for (let y = 0; y < cellHeight; y++) {
      const row = (originY + y) * atlas.width + originX;
      for (let x = 0; x < cellWidth; x++) {
        const i = y * cellWidth + x;
        if (i >= valuesPerMap) {
          out[row + x] = empty;
          continue;
        }
        const v = data[start + i];
        // `t > 0` is false for NaN too, which ±Infinity give in a constant map (0 * Infinity).
        const t = (v - min) * scale;
        out[row + x] = v !== v ? nan : t > 0 ? colours[t < 255 ? Math.round(t) : 255] : colours[0];
      }
    }
  }
}
