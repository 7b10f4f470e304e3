import { encodeBase64 } from '../../nn/base64.js';

/**
 * A 24-bit BMP of `width` × `height` pixels as a `data:` URL. BMP is used in the HTML report
 * because it needs no compression code (core has no zlib and no DOM canvas), every browser shows
 * it in an `<img>`, and a 28x28 digit is about 3 KB of text where an SVG of one rect per pixel
 * would be ten times that.
 *
 * @example
 * bmpDataUrl(2, 1, (x) => (x === 0 ? [255, 0, 0] : [0, 0, 255])); // 'data:image/bmp;base64,Qk0…'
 */
export function bmpDataUrl(width: number, height: number, colour: (x: number, y: number) => readonly [number, number, number]): string {
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw new RangeError(`bmpDataUrl: width and height must be positive integers, got ${width}x${height}`);
  }
  // Rows are padded to 4 bytes and stored bottom-up, pixels as blue, green, red.
  const row = Math.ceil((width * 3) / 4) * 4;
  const bytes = new Uint8Array(54 + row * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; // 'B'
  bytes[1] = 0x4d; // 'M'
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true); // pixel data offset
  view.setUint32(14, 40, true); // BITMAPINFOHEADER size
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true); // planes
  view.setUint16(28, 24, true); // bits per pixel
  view.setUint32(34, row * height, true);
  for (let y = 0; y < height; y++) {
    const base = 54 + (height - 1 - y) * row;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y);
      bytes[base + x * 3] = b;
      bytes[base + x * 3 + 1] = g;
      bytes[base + x * 3 + 2] = r;
    }
  }
  return `data:image/bmp;base64,${encodeBase64(bytes)}`;
}
