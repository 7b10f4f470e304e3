import { encodePng, type RgbaImage } from '@convstudio/core';
import { MAX_EMBEDDED_IMAGE_BYTES, type EmbeddedImage } from '../../shared/project-schema.js';
import { loadImageBytes, type ImageLoadResult } from '../images/load-image.js';

/** The image as it goes into a project, or why it does not (too large). */
export type EmbedResult = { ok: true; image: EmbeddedImage } | { ok: false; error: string };

/** Standard base64 of bytes, in chunks (a spread of millions of bytes would overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  return btoa(parts.join(''));
}

/** Bytes of standard base64 text; throws on text that is not base64. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// The browser's encoder runs off the main thread's JavaScript and is several times faster;
// core's pure-JS one is there for Node (tests) and for browsers without OffscreenCanvas.
async function pngBytes(image: RgbaImage): Promise<Uint8Array> {
  if (typeof OffscreenCanvas === 'undefined') return encodePng(image);
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  if (!context) return encodePng(image);
  context.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}

const cache = new WeakMap<RgbaImage, Promise<EmbedResult>>();

/**
 * The pixels the pipeline runs on (after any scaling down when opened) as a project's image:
 * PNG bytes in base64. Refused above `maxBytes` of PNG, with a sentence saying so. Encoded once
 * per image: saves and autosaves of the same image reuse it.
 *
 * @example
 * const embedded = await embedImage('six.png', state.image.image);
 * const project = embedded.ok ? { ...doc, image: embedded.image } : doc;
 */
export function embedImage(name: string, image: RgbaImage, maxBytes = MAX_EMBEDDED_IMAGE_BYTES): Promise<EmbedResult> {
  let result = cache.get(image);
  if (!result) {
    result = pngBytes(image).then((bytes): EmbedResult => {
      if (bytes.length > maxBytes) {
        const mb = (n: number) => (n / 2 ** 20).toFixed(1);
        return { ok: false, error: `The image ${name} is ${mb(bytes.length)} MB as PNG, more than the ${mb(maxBytes)} MB a project holds, so the project was saved without it; open a smaller image to save one with it.` };
      }
      return { ok: true, image: { name: name.slice(0, 255), mimeType: 'image/png', width: image.width, height: image.height, data: toBase64(bytes) } };
    });
    cache.set(image, result);
  }
  return result;
}

/**
 * The image a project carries, decoded as if the user had opened it.
 *
 * @example
 * if (project.image) onImage(await restoreImage(project.image));
 */
export async function restoreImage(embedded: EmbeddedImage): Promise<ImageLoadResult> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(embedded.data);
  } catch {
    return { ok: false, name: embedded.name, error: `The project's image ${embedded.name} is damaged (not base64), so the image shown stays.` };
  }
  return loadImageBytes(bytes, embedded.name);
}
