import { readFileSync } from 'node:fs';
import { encodePng } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from './image-dimensions.js';

const asset = (name: string) => new Uint8Array(readFileSync(new URL(`../samples/assets/${name}`, import.meta.url)));

describe('readImageHeader', () => {
  it('reads PNG sizes, including ones our own encoder writes', () => {
    expect(readImageHeader(asset('chelsea.png'))).toEqual({ format: 'png', width: 451, height: 300 });
    const png = encodePng({ width: 7, height: 3, data: new Uint8Array(7 * 3 * 4) });
    expect(readImageHeader(png)).toEqual({ format: 'png', width: 7, height: 3 });
  });

  it('reads a GIF logical screen size', () => {
    const gif = new Uint8Array([...'GIF89a'].map((c) => c.charCodeAt(0)).concat([0x2c, 0x01, 0x90, 0x00]));
    expect(readImageHeader(gif)).toEqual({ format: 'gif', width: 300, height: 144 });
  });

  it('reads a top-down BMP as a positive height', () => {
    const bmp = new Uint8Array(54);
    bmp.set([0x42, 0x4d]);
    const view = new DataView(bmp.buffer);
    view.setInt32(18, 640, true);
    view.setInt32(22, -480, true);
    expect(readImageHeader(bmp)).toEqual({ format: 'bmp', width: 640, height: 480 });
  });

  it('walks JPEG segments to the start-of-frame marker', () => {
    // SOI, an APP0 segment of 16 bytes, then SOF0 with height 600 and width 800.
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...new Array(14).fill(0), 0xff, 0xc0, 0x00, 0x11, 0x08, 0x02, 0x58, 0x03, 0x20, 0x03]);
    expect(readImageHeader(jpeg)).toEqual({ format: 'jpeg', width: 800, height: 600 });
  });

  it('reads lossless and extended WebP headers', () => {
    const riff = (chunk: string, body: number[]) =>
      new Uint8Array([...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], [...`WEBP${chunk}`].map((c) => c.charCodeAt(0)), body, new Array(16).fill(0)));
    // VP8L: signature 0x2f, then 14 bits width-1 and 14 bits height-1 (99 and 49).
    const bits = 99 | (49 << 14);
    const lossless = riff('VP8L', [0, 0, 0, 0, 0x2f, bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, (bits >>> 24) & 0xff]);
    expect(readImageHeader(lossless)).toEqual({ format: 'webp', width: 100, height: 50 });
    // VP8X: 24-bit width-1 at byte 24 and height-1 at byte 27.
    const extended = riff('VP8X', [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0x0f, 0x00, 0x7f, 0x02, 0x00]);
    expect(readImageHeader(extended)).toEqual({ format: 'webp', width: 4096, height: 640 });
  });

  it('returns undefined for other bytes and truncated headers', () => {
    expect(readImageHeader(new TextEncoder().encode('not an image at all, just text'))).toBeUndefined();
    expect(readImageHeader(asset('chelsea.png').subarray(0, 12))).toBeUndefined();
  });
});
