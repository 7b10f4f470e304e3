import { decode as decodePngPixels } from 'fast-png';
import type { DecodedPng } from 'fast-png';
import { fail } from '../errors.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when `bytes` start with the 8-byte PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((value, i) => bytes[i] === value);
}

/**
 * Reads width and height from the IHDR chunk, which the format requires to come first, or
 * returns why it could not. Lets the caller refuse a huge image before inflating anything.
 */
export function readPngHeader(bytes: Uint8Array): { width: number; height: number } | string {
  if (bytes.length < 24) return `ends after ${bytes.length} bytes, before its IHDR header`;
  const type = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
  if (type !== 'IHDR') return `has chunk "${type}" where its IHDR header must be`;
  const uint32 = (at: number): number =>
    ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
  return { width: uint32(16), height: uint32(20) };
}

/**
 * Decodes a PNG with fast-png and converts every variant (1 to 16 bits, gray, gray+alpha,
 * RGB, RGBA, palette, tRNS colour key) to 8-bit RGBA, so callers handle one layout.
 * `channels` counts the colour channels the file carries, alpha included (tRNS counts).
 */
export function decodePngRgba(bytes: Uint8Array): { width: number; height: number; channels: 1 | 2 | 3 | 4; data: Uint8Array } {
  const png = decodePngPixels(bytes);
  const { width, height } = png;
  const out = new Uint8Array(width * height * 4);
  const read = sampleReader(png);
  if (png.palette) {
    // Palette entries are [r, g, b] or, with a tRNS chunk, [r, g, b, a].
    const palette = png.palette;
    for (let p = 0; p < width * height; p++) {
      const index = read(p, 0);
      const entry = palette[index];
      if (!entry) fail('decodeImage', 'bytes', `is a PNG whose pixel ${p} uses palette index ${index}, but the palette has ${palette.length} colours`);
      const o = p * 4;
      out[o] = entry[0];
      out[o + 1] = entry[1];
      out[o + 2] = entry[2];
      out[o + 3] = entry[3] ?? 255;
    }
    return { width, height, channels: palette.some((e) => e.length === 4) ? 4 : 3, data: out };
  }
  const gray = png.channels <= 2;
  const hasAlpha = png.channels === 2 || png.channels === 4;
  const key = png.transparency && png.transparency.length > 0 ? png.transparency : undefined;
  const max = 2 ** png.depth - 1;
  const to8 = (raw: number): number => (png.depth === 8 ? raw : Math.round((raw * 255) / max));
  for (let p = 0; p < width * height; p++) {
    const r = read(p, 0);
    const g = gray ? r : read(p, 1);
    const b = gray ? r : read(p, 2);
    let alpha = hasAlpha ? to8(read(p, png.channels - 1)) : 255;
    // tRNS on gray/RGB is a colour key compared against raw samples at the file's depth.
    if (key && r === key[0] && (gray || (g === key[1] && b === key[2]))) alpha = 0;
    const o = p * 4;
    out[o] = to8(r);
    out[o + 1] = to8(g);
    out[o + 2] = to8(b);
    out[o + 3] = alpha;
  }
  const channels = (png.channels + (key && !hasAlpha ? 1 : 0)) as 1 | 2 | 3 | 4;
  return { width, height, channels, data: out };
}

/**
 * Returns `(pixel, channel) => raw sample`. Depths of 8 and 16 are one array element per
 * sample; depths below 8 (gray and palette only) pack several pixels per byte, MSB first,
 * with each row padded to a whole byte.
 */
function sampleReader(png: DecodedPng): (pixel: number, channel: number) => number {
  const { data, depth, channels, width } = png;
  if (depth >= 8) return (pixel, channel) => data[pixel * channels + channel];
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  return (pixel) => {
    const y = Math.floor(pixel / width);
    const bit = (pixel - y * width) * depth;
    return (data[y * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
  };
}
