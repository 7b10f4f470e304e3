import { ConvStudioError, fail } from '../errors.js';
import { DECODABLE_JPEG_FRAMES, decodeJpegRgba, jpegFrameName, readJpegHeader } from './decode-jpeg.js';
import { decodePngRgba, isPng, readPngHeader } from './decode-png.js';

/**
 * An image decoded to 8-bit RGBA, row-major, 4 bytes per pixel; the same layout as a
 * canvas `ImageData`, so both go to {@link imageToTensor} unchanged.
 */
export interface DecodedImage {
  width: number;
  height: number;
  /**
   * Colour channels the file carried: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. `data` is RGBA
   * whatever this says; it tells a caller whether the picture was gray or had transparency.
   */
  channels: 1 | 2 | 3 | 4;
  /** The file's format. */
  format: 'png' | 'jpeg';
  /** RGBA bytes, `width * height * 4` of them. */
  data: Uint8Array;
}

/** Options of {@link decodeImage}. */
export interface DecodeImageOptions {
  /** Largest image accepted, in pixels; checked from the header before decoding. Default 50 million. */
  maxPixels?: number;
}

/** The default {@link DecodeImageOptions.maxPixels}: 50 megapixels is 200 MB as RGBA bytes. */
export const DEFAULT_MAX_IMAGE_PIXELS = 50_000_000;

/**
 * Decodes a PNG or JPEG file's bytes to 8-bit RGBA in pure JavaScript (fast-png, jpeg-js),
 * so it works the same in Node, browsers, workers and Electron. The format is recognised by
 * its magic bytes, not by a file name. Image size is read from the header first and a
 * picture above `maxPixels` is refused before any pixel is decoded.
 *
 * @example
 * const image = decodeImage(new Uint8Array(await file.arrayBuffer()));
 * const x = imageToTensor(image, { mode: 'grayscale', size: 28, scale: '0-1' }); // [1,1,28,28]
 */
export function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): DecodedImage {
  const { maxPixels = DEFAULT_MAX_IMAGE_PIXELS } = options;
  if (!(bytes instanceof Uint8Array)) {
    fail('decodeImage', 'bytes', `must be a Uint8Array of a PNG or JPEG file, got ${describe(bytes)}`);
  }
  if (!Number.isSafeInteger(maxPixels) || maxPixels <= 0) {
    fail('decodeImage', 'options.maxPixels', `must be a positive integer, got ${maxPixels}`);
  }
  if (isPng(bytes)) {
    const header = readPngHeader(bytes);
    if (typeof header === 'string') fail('decodeImage', 'bytes', `is a PNG that ${header}`);
    checkDimensions('PNG', header.width, header.height, maxPixels);
    return { ...wrapDecoderError('PNG', bytes, () => decodePngRgba(bytes)), format: 'png' };
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    const header = readJpegHeader(bytes);
    if (typeof header === 'string') fail('decodeImage', 'bytes', `is a JPEG that ${header}`);
    checkDimensions('JPEG', header.width, header.height, maxPixels);
    if (!DECODABLE_JPEG_FRAMES.has(header.frame)) {
      fail('decodeImage', 'bytes', `is a ${jpegFrameName(header.frame)} JPEG, a kind ConvStudio cannot decode; save it again as an ordinary (baseline or progressive) JPEG or as PNG`);
    }
    const data = wrapDecoderError('JPEG', bytes, () => decodeJpegRgba(bytes, maxPixels));
    const { width, height, components } = header;
    return { width, height, channels: components === 1 ? 1 : 3, format: 'jpeg', data };
  }
  return fail('decodeImage', 'bytes', unknownFormat(bytes));
}

function checkDimensions(format: string, width: number, height: number, maxPixels: number): void {
  if (width === 0 || height === 0) {
    fail('decodeImage', 'bytes', `is a ${format} whose header gives a size of ${width}x${height}; both must be positive`);
  }
  const pixels = width * height;
  if (pixels > maxPixels) {
    fail(
      'decodeImage',
      'bytes',
      `is a ${width}x${height} ${format} (${megapixels(pixels)} megapixels), above the limit of ` +
        `${megapixels(maxPixels)} megapixels; refused before decoding. Use a smaller image or raise options.maxPixels`,
    );
  }
}

/**
 * Decoder libraries throw their internals' words ("Offset is outside the bounds of the
 * DataView", "Cannot set properties of undefined (setting 'huffmanTableDC')"). Ours say what is
 * wrong with the file (unsupported, cut short or damaged); theirs stay as `technicalDetail`
 * and `cause`.
 */
function wrapDecoderError<T>(format: 'PNG' | 'JPEG', bytes: Uint8Array, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ConvStudioError) throw error;
    const technicalDetail = libraryText(error);
    throw new ConvStudioError('decodeImage', 'bytes', decoderProblem(format, bytes, technicalDetail), { technicalDetail, cause: error });
  }
}

/** The library's message, with the message of its own cause (fast-png wraps zlib's). */
function libraryText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function decoderProblem(format: 'PNG' | 'JPEG', bytes: Uint8Array, text: string): string {
  // PNG's "Unsupported filter" and "... method N not supported" name values the format does not define: damage.
  if (format === 'JPEG' && /unsupported color mode|only single frame/i.test(text)) {
    return `is a ${format} that uses a feature ConvStudio cannot decode; save it again as an ordinary 8-bit ${format}`;
  }
  if (!hasEndMarker(format, bytes)) {
    return `is a ${format} that is cut short: it ends after ${bytes.length} bytes without its end marker (the file was not completely written, copied or downloaded)`;
  }
  return `is a damaged ${format}: its image data could not be decoded`;
}

/** PNG ends with an IEND chunk, JPEG with the EOI marker FF D9 (some writers pad zeros after it). */
function hasEndMarker(format: 'PNG' | 'JPEG', bytes: Uint8Array): boolean {
  if (format === 'PNG') {
    const tail = String.fromCharCode(...bytes.subarray(Math.max(0, bytes.length - 12)));
    return tail.includes('IEND');
  }
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return end >= 2 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
}

/** Names what the bytes look like, so a user who dropped a WebP learns where it can be read. */
function unknownFormat(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'is empty (0 bytes); expected a PNG or JPEG file';
  const head = bytes.subarray(0, 12);
  const hex = Array.from(head, (b) => b.toString(16).padStart(2, '0')).join(' ');
  const ascii = Array.from(head, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  const text = String.fromCharCode(...head);
  const known =
    text.startsWith('RIFF') && text.slice(8, 12) === 'WEBP' ? 'WebP'
      : text.startsWith('GIF8') ? 'GIF'
        : text.startsWith('BM') ? 'BMP'
          : undefined;
  return (
    `is not a PNG or JPEG file (first bytes: ${hex} "${ascii}")${known ? `; it looks like ${known}` : ''}. ` +
    'decodeImage reads PNG and JPEG only; in the studio, WebP, BMP and GIF are decoded by the browser ' +
    'and reach imageToTensor as ImageData'
  );
}

function megapixels(pixels: number): string {
  return String(Number((pixels / 1e6).toFixed(2)));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
