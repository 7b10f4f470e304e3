import { encode as encodePngFile } from 'fast-png';
import type { ImageData as PngImageData } from 'fast-png';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { ConvStudioError } from '../errors.js';
import { decodeImage } from './decode-image.js';

const png = (image: PngImageData): Uint8Array => encodePngFile(image);

/** Inserts a chunk right after IHDR (byte 33); fast-png skips CRCs unless asked, so 0s do. */
function withChunk(file: Uint8Array, type: string, body: number[]): Uint8Array {
  const length = [0, 0, 0, body.length];
  const chunk = [...length, ...Array.from(type, (c) => c.charCodeAt(0)), ...body, 0, 0, 0, 0];
  return Uint8Array.from([...file.subarray(0, 33), ...chunk, ...file.subarray(33)]);
}

const rgbaOf = (data: Uint8Array, pixel: number): number[] => Array.from(data.subarray(pixel * 4, pixel * 4 + 4));

function errorOf(run: () => unknown): ConvStudioError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConvStudioError);
    return error as ConvStudioError;
  }
  throw new Error('expected a ConvStudioError');
}

describe('decodeImage: PNG', () => {
  it('reads 8-bit gray as RGBA with opaque alpha', () => {
    const image = decodeImage(png({ width: 3, height: 2, channels: 1, data: Uint8Array.of(0, 64, 128, 192, 255, 10) }));
    expect(image).toMatchObject({ width: 3, height: 2, channels: 1, format: 'png' });
    expect(image.data.length).toBe(24);
    expect(rgbaOf(image.data, 1)).toEqual([64, 64, 64, 255]);
    expect(rgbaOf(image.data, 5)).toEqual([10, 10, 10, 255]);
  });

  it('reads RGB, RGBA and gray+alpha', () => {
    const rgb = decodeImage(png({ width: 2, height: 1, channels: 3, data: Uint8Array.of(255, 0, 0, 1, 2, 3) }));
    expect(rgb.channels).toBe(3);
    expect(Array.from(rgb.data)).toEqual([255, 0, 0, 255, 1, 2, 3, 255]);
    const rgba = decodeImage(png({ width: 1, height: 2, channels: 4, data: Uint8Array.of(10, 20, 30, 40, 50, 60, 70, 0) }));
    expect(rgba.channels).toBe(4);
    expect(Array.from(rgba.data)).toEqual([10, 20, 30, 40, 50, 60, 70, 0]);
    const grayAlpha = decodeImage(png({ width: 2, height: 1, channels: 2, data: Uint8Array.of(200, 100, 7, 255) }));
    expect(grayAlpha.channels).toBe(2);
    expect(Array.from(grayAlpha.data)).toEqual([200, 200, 200, 100, 7, 7, 7, 255]);
  });

  it('scales 16-bit samples to 8 bits', () => {
    const data = Uint16Array.of(0, 65535, 257 * 100, 65535, 0, 32768);
    const image = decodeImage(png({ width: 2, height: 1, channels: 3, depth: 16, data }));
    expect(Array.from(image.data)).toEqual([0, 255, 100, 255, 255, 0, 128, 255]);
  });

  it('unpacks 1-bit gray with rows padded to whole bytes', () => {
    // 3 pixels a row: row 0 = 1,0,1 -> 0b101xxxxx; row 1 = 0,1,1 -> 0b011xxxxx
    const image = decodeImage(png({ width: 3, height: 2, channels: 1, depth: 1, data: Uint8Array.of(0b1010_0000, 0b0110_0000) }));
    expect(Array.from({ length: 6 }, (_, p) => image.data[p * 4])).toEqual([255, 0, 255, 0, 255, 255]);
  });

  it('expands palettes, with tRNS alpha, from packed 2-bit indices', () => {
    const palette = [[10, 20, 30, 0], [40, 50, 60, 128], [255, 255, 255, 255]];
    // indices 2,1,0,2 in one byte: 10 01 00 10
    const image = decodeImage(png({ width: 4, height: 1, channels: 1, depth: 2, palette, data: Uint8Array.of(0b1001_0010) }));
    expect(image.channels).toBe(4);
    expect(Array.from(image.data)).toEqual([255, 255, 255, 255, 40, 50, 60, 128, 10, 20, 30, 0, 255, 255, 255, 255]);
    const opaque = decodeImage(png({ width: 2, height: 1, channels: 1, palette: [[1, 2, 3], [4, 5, 6]], data: Uint8Array.of(1, 0) }));
    expect(opaque.channels).toBe(3);
    expect(Array.from(opaque.data)).toEqual([4, 5, 6, 255, 1, 2, 3, 255]);
  });

  it('applies a tRNS colour key to gray pixels', () => {
    const file = withChunk(png({ width: 3, height: 1, channels: 1, data: Uint8Array.of(0, 128, 255) }), 'tRNS', [0, 128]);
    const image = decodeImage(file);
    expect(image.channels).toBe(2);
    expect(Array.from(image.data)).toEqual([0, 0, 0, 255, 128, 128, 128, 0, 255, 255, 255, 255]);
  });
});

describe('decodeImage: JPEG', () => {
  it('decodes a jpeg-js file to RGBA of about the colours encoded', () => {
    const width = 16;
    const height = 8;
    const data = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      // left half red, right half gray 128
      data.set(p % width < 8 ? [255, 0, 0, 255] : [128, 128, 128, 255], p * 4);
    }
    const file = jpeg.encode({ width, height, data }, 95).data;
    const image = decodeImage(file);
    expect(image).toMatchObject({ width, height, channels: 3, format: 'jpeg' });
    expect(image.data).toBeInstanceOf(Uint8Array);
    const near = (pixel: number, expected: number[]) =>
      rgbaOf(image.data, pixel).forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(12));
    near(4 * width + 2, [255, 0, 0, 255]);
    near(4 * width + 13, [128, 128, 128, 255]);
  });
});

describe('decodeImage: refusals', () => {
  it('names the bytes seen and the formats supported for unknown input', () => {
    const gif = Uint8Array.from('GIF89a\x01\x00\x01\x00', (c) => c.charCodeAt(0));
    const error = errorOf(() => decodeImage(gif));
    expect(error.op).toBe('decodeImage');
    expect(error.argument).toBe('bytes');
    expect(error.message).toContain('47 49 46 38 39 61');
    expect(error.message).toContain('looks like GIF');
    expect(error.message).toMatch(/PNG and JPEG/);
    expect(error.message).toMatch(/WebP, BMP and GIF are decoded by the browser/);
    expect(errorOf(() => decodeImage(new Uint8Array(0))).message).toContain('empty');
  });

  it('refuses a PNG whose header claims 100000x100000 before decoding', () => {
    const header = png({ width: 1, height: 1, channels: 1, data: Uint8Array.of(0) }).slice(0, 33);
    const view = new DataView(header.buffer);
    view.setUint32(16, 100_000);
    view.setUint32(20, 100_000);
    // No IDAT follows: had the decoder run, it would have failed on the missing data instead.
    const error = errorOf(() => decodeImage(header));
    expect(error.message).toContain('100000x100000 PNG (10000 megapixels)');
    expect(error.message).toContain('limit of 50 megapixels; refused before decoding');
  });

  it('refuses a JPEG whose frame header is too large, and honours maxPixels', () => {
    // SOI, then SOF0: length 11, precision 8, height 60000, width 60000, 1 component
    const file = Uint8Array.of(0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0xea, 0x60, 0xea, 0x60, 1, 1, 0x11, 0);
    expect(errorOf(() => decodeImage(file)).message).toContain('60000x60000 JPEG (3600 megapixels)');
    const small = png({ width: 4, height: 4, channels: 1, data: new Uint8Array(16) });
    expect(errorOf(() => decodeImage(small, { maxPixels: 10 })).message).toContain('4x4 PNG');
    expect(decodeImage(small, { maxPixels: 16 }).width).toBe(4);
  });

  // An 8x8 RGBA picture as jpeg-js writes it; the byte offsets below are of this file.
  const jpegFile = (): Uint8Array => {
    const data = Uint8Array.from({ length: 8 * 8 * 4 }, (_, i) => (i * 37) & 255);
    return new Uint8Array(jpeg.encode({ width: 8, height: 8, data }, 90).data);
  };

  it("says what is wrong in our words and keeps the decoder's text as technicalDetail", () => {
    const truncated = errorOf(() => decodeImage(jpegFile().slice(0, 598)));
    expect(truncated.message).toBe('decodeImage: bytes is a JPEG that is cut short: it ends after 598 bytes without its end marker (the file was not completely written, copied or downloaded)');
    expect(truncated.technicalDetail).toMatch(/huffmanTableDC/);
    const damagedFile = jpegFile();
    damagedFile[164] = 0; // the scan names a component the frame does not have
    const damaged = errorOf(() => decodeImage(damagedFile));
    expect(damaged.message).toBe('decodeImage: bytes is a damaged JPEG: its image data could not be decoded');
    expect(damaged.technicalDetail).toBe("Cannot set properties of undefined (setting 'huffmanTableDC')");
    const cut = errorOf(() => decodeImage(png({ width: 2, height: 2, channels: 1, data: Uint8Array.of(1, 2, 3, 4) }).slice(0, 24)));
    expect(cut.message).toMatch(/^decodeImage: bytes is a PNG that is cut short: it ends after 24 bytes/);
    expect(cut.technicalDetail).toBe('Offset is outside the bounds of the DataView');
  });

  it('refuses JPEG kinds jpeg-js cannot decode by their frame marker', () => {
    const lossless = jpegFile();
    const sof = lossless.findIndex((b, i) => b === 0xff && lossless[i + 1] === 0xc0);
    lossless[sof + 1] = 0xc3;
    expect(errorOf(() => decodeImage(lossless)).message).toBe(
      'decodeImage: bytes is a lossless JPEG, a kind ConvStudio cannot decode; save it again as an ordinary (baseline or progressive) JPEG or as PNG',
    );
  });

  it('never shows a decoder message for any one damaged byte', () => {
    for (const file of [jpegFile(), png({ width: 4, height: 4, channels: 3, data: Uint8Array.from({ length: 48 }, (_, i) => i * 5) })]) {
      for (let i = 0; i < file.length; i++) {
        for (const value of [0, 1, 0x80, 0xff]) {
          const changed = file.slice();
          changed[i] = value;
          let error: unknown;
          try {
            decodeImage(changed);
          } catch (caught) {
            error = caught;
          }
          if (error === undefined) continue;
          expect(error).toBeInstanceOf(ConvStudioError);
          const { message, technicalDetail } = error as ConvStudioError;
          expect(message).toMatch(/^decodeImage: bytes (is|has|ends)/);
          if (technicalDetail) expect(message).not.toContain(technicalDetail);
        }
      }
    }
  });

  it('wraps decoder failures of damaged files', () => {
    const file = png({ width: 2, height: 2, channels: 1, data: Uint8Array.of(1, 2, 3, 4) });
    const damaged = file.slice(0, file.length - 20); // IDAT cut short, IEND gone
    const error = errorOf(() => decodeImage(damaged));
    expect(error.message).toMatch(/^decodeImage: bytes is a PNG that is cut short: it ends after \d+ bytes without its end marker/);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.technicalDetail).toMatch(/^Error while decompressing the data: /);
  });
});
