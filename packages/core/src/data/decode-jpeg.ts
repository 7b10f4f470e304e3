import jpeg from 'jpeg-js';

/** JPEG frame header fields read before any pixel data. */
export interface JpegHeader {
  width: number;
  height: number;
  /** 1 gray, 3 YCbCr, 4 CMYK/YCCK. */
  components: number;
  /** The start-of-frame marker's second byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, ... */
  frame: number;
}

/** Frame kinds jpeg-js decodes: baseline, extended sequential and progressive Huffman coding. */
export const DECODABLE_JPEG_FRAMES: ReadonlySet<number> = new Set([0xc0, 0xc1, 0xc2]);

/** Names a frame kind jpeg-js does not decode, for the message that refuses it. */
export function jpegFrameName(frame: number): string {
  if (frame === 0xc3 || frame === 0xc7 || frame === 0xcb || frame === 0xcf) return 'lossless';
  if (frame >= 0xc9) return 'arithmetic-coded';
  return 'hierarchical';
}

// Start-of-frame markers: C0..CF except DHT (C4), JPG (C8) and DAC (CC), which are not frames.
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * Walks the JPEG marker segments up to the first frame header and returns its size, or a
 * reason why it could not. Reading only headers lets the caller refuse a huge image before
 * a decoder allocates anything for it.
 */
export function readJpegHeader(bytes: Uint8Array): JpegHeader | string {
  let i = 2; // after SOI (FF D8)
  while (i + 1 < bytes.length) {
    if (bytes[i] !== 0xff) return `has no marker at byte ${i} (found 0x${bytes[i].toString(16)})`;
    const marker = bytes[i + 1];
    // FF may be repeated as fill before a marker; RSTn, TEM and SOI stand alone without length.
    if (marker === 0xff) { i += 1; continue; }
    if (marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue; }
    if (marker === 0xd9 || marker === 0xda) return 'has no frame header (SOF) before its image data';
    if (i + 3 >= bytes.length) break;
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    if (isStartOfFrame(marker)) {
      if (i + 9 >= bytes.length) break;
      const height = (bytes[i + 5] << 8) | bytes[i + 6];
      const width = (bytes[i + 7] << 8) | bytes[i + 8];
      return { width, height, components: bytes[i + 9], frame: marker };
    }
    if (length < 2) return `has a segment of invalid length ${length} at byte ${i}`;
    i += 2 + length;
  }
  return `ends after ${bytes.length} bytes, before its frame header (SOF)`;
}

/**
 * Decodes JPEG pixels to RGBA with jpeg-js (pure JS). The limits are jpeg-js's own guard,
 * a second line behind our header check: progressive and subsampled files allocate
 * component planes besides the output, so we allow about 12 bytes per pixel plus slack.
 */
export function decodeJpegRgba(bytes: Uint8Array, maxPixels: number): Uint8Array {
  const decoded = jpeg.decode(bytes, {
    useTArray: true, // typed arrays, not Node's Buffer, so this runs in browsers and workers
    formatAsRGBA: true,
    maxResolutionInMP: maxPixels / 1e6,
    maxMemoryUsageInMB: Math.ceil((maxPixels * 12) / 2 ** 20) + 64,
  });
  return decoded.data;
}
