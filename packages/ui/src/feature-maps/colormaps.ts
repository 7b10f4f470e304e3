import { DIVERGING_STOPS } from '@convstudio/core';

/** The colormaps a feature map can be drawn with. `diverging` is meant for signed data (zero in the middle). */
export type ColormapName = 'gray' | 'viridis' | 'diverging';

/**
 * Every colormap, in the order a picker shows them.
 *
 * @example
 * colormapNames.map((name) => <option key={name}>{name}</option>);
 */
export const colormapNames: readonly ColormapName[] = ['gray', 'viridis', 'diverging'];

/** An RGBA colour, each channel 0..255. */
export type Rgba = readonly [number, number, number, number];

/**
 * The colour of NaN and infinite values: magenta stands out in every map, so bad numbers are never hidden.
 *
 * @example
 * colorAt('gray', NaN) === NON_FINITE_COLOR; // true
 */
export const NON_FINITE_COLOR: Rgba = [255, 0, 255, 255];

/**
 * Entries in a lookup table: one per 8-bit level.
 *
 * @example
 * colormapLut('gray').length === LUT_SIZE * 4; // true
 */
export const LUT_SIZE = 256;

// Control points, evenly spaced from t = 0 to t = 1, interpolated linearly into the table.
// viridis: matplotlib's map sampled at nine points (perceptually uniform, readable in grayscale).
// diverging: core's DIVERGING_STOPS (ColorBrewer RdBu reversed: negative blue, zero near-white,
// positive red), which core's HTML report draws with too.
const stops: Record<ColormapName, readonly string[]> = {
  gray: ['#000000', '#ffffff'],
  viridis: ['#440154', '#472c7a', '#3b518b', '#2c718e', '#21908d', '#27ad81', '#5cc863', '#aadc32', '#fde725'],
  diverging: DIVERGING_STOPS,
};

const hex = (color: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];

function buildLut(name: ColormapName): Uint8ClampedArray {
  const points = stops[name].map(hex);
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const position = (i / (LUT_SIZE - 1)) * (points.length - 1);
    const lower = Math.min(Math.floor(position), points.length - 2);
    const f = position - lower;
    for (let c = 0; c < 3; c++) lut[i * 4 + c] = Math.round(points[lower][c] * (1 - f) + points[lower + 1][c] * f);
    lut[i * 4 + 3] = 255;
  }
  return lut;
}

// Built on first use and shared: a table is 1 KiB and never changes.
const cache = new Map<ColormapName, Uint8ClampedArray>();

/**
 * The colormap as a 256-entry RGBA lookup table (`Uint8ClampedArray` of 1024 bytes). Shared: do not write to it.
 *
 * @example
 * colormapLut('gray').slice(0, 4); // [0, 0, 0, 255]
 */
export function colormapLut(name: ColormapName): Uint8ClampedArray {
  let lut = cache.get(name);
  if (!lut) {
    if (!(name in stops)) throw new Error(`colormapLut: name must be one of ${colormapNames.join(', ')}, got '${String(name)}'`);
    lut = buildLut(name);
    cache.set(name, lut);
  }
  return lut;
}

/**
 * The lookup-table index of a position t in [0, 1] (clamped); -1 for NaN.
 *
 * @example
 * lutIndex(0.5); // 128
 */
export function lutIndex(t: number): number {
  if (Number.isNaN(t)) return -1;
  return Math.round(Math.min(1, Math.max(0, t)) * (LUT_SIZE - 1));
}

/**
 * The colour at position t in [0, 1] (clamped) of a colormap; {@link NON_FINITE_COLOR} for NaN.
 *
 * @example
 * colorAt('diverging', 0.5); // near-white [247, 247, 247, 255]
 */
export function colorAt(name: ColormapName, t: number): Rgba {
  const index = lutIndex(t);
  if (index < 0) return NON_FINITE_COLOR;
  const lut = colormapLut(name);
  return [lut[index * 4], lut[index * 4 + 1], lut[index * 4 + 2], lut[index * 4 + 3]];
}

/**
 * A CSS `linear-gradient` of the colormap, left (t = 0) to right (t = 1), for legends and swatches.
 *
 * @example
 * element.style.background = colormapGradient('viridis');
 */
export function colormapGradient(name: ColormapName, direction = 'to right'): string {
  colormapLut(name); // validates the name with the same message
  return `linear-gradient(${direction}, ${stops[name].join(', ')})`;
}

/**
 * Black or white, whichever reads better on a background colour (for numbers drawn on a heat map).
 *
 * @example
 * contrastText([33, 102, 172, 255]); // '#fff'
 */
export function contrastText([r, g, b]: Rgba): '#000' | '#fff' {
  // Rec. 709 luma; 140 rather than 128 because white text on mid tones stays legible longer.
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 140 ? '#000' : '#fff';
}
