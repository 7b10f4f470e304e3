import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../nn/base64.js';
import { bmpDataUrl } from './bmp.js';

const bytesOf = (url: string) => {
  expect(url.startsWith('data:image/bmp;base64,')).toBe(true);
  return decodeBase64(url.slice('data:image/bmp;base64,'.length))!;
};

describe('bmpDataUrl', () => {
  it('writes a 24-bit bitmap whose header and rows a BMP reader expects (bottom-up, BGR, rows padded to 4 bytes)', () => {
    // 3x2: row 0 red, green, blue; row 1 white, black, gray.
    const rows = [[[255, 0, 0], [0, 255, 0], [0, 0, 255]], [[255, 255, 255], [0, 0, 0], [128, 128, 128]]] as const;
    const bytes = bytesOf(bmpDataUrl(3, 2, (x, y) => rows[y][x]));
    const view = new DataView(bytes.buffer);
    expect(String.fromCharCode(bytes[0], bytes[1])).toBe('BM');
    expect(view.getUint32(2, true)).toBe(bytes.length);
    expect(bytes.length).toBe(54 + 12 * 2); // 9 bytes a row padded to 12
    expect([view.getInt32(18, true), view.getInt32(22, true), view.getUint16(28, true)]).toEqual([3, 2, 24]);
    const pixel = (x: number, y: number) => {
      const at = 54 + (1 - y) * 12 + x * 3;
      return [bytes[at + 2], bytes[at + 1], bytes[at]];
    };
    for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) expect(pixel(x, y), `${x},${y}`).toEqual([...rows[y][x]]);
  });

  it('refuses a size that is not a positive whole number', () => {
    expect(() => bmpDataUrl(0, 2, () => [0, 0, 0])).toThrow(/bmpDataUrl: width and height must be positive integers, got 0x2/);
    expect(() => bmpDataUrl(2.5, 2, () => [0, 0, 0])).toThrow(/2\.5x2/);
  });
});
