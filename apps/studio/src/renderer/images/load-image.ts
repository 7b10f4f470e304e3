import type { RgbaImage } from '@convstudio/core';
import { readImageHeader } from './image-dimensions.js';
import { DEFAULT_IMAGE_LIMITS, planImageSize, type ImageLimits } from './image-limits.js';

/** An image ready for the pipeline, or why it could not be opened. */
export type ImageLoadResult =
  | { ok: true; name: string; image: RgbaImage; notice?: string }
  | { ok: false; name: string; error: string };

/**
 * Decodes PNG, JPEG, WebP, BMP or GIF (its first frame) bytes with the browser's own decoders
 * (`createImageBitmap`, which also works in workers), scaling large images down while decoding.
 * Never throws: a refused or broken file comes back as `{ ok: false }` with the reason.
 *
 * @example
 * const result = await loadImageBytes(new Uint8Array(await file.arrayBuffer()), file.name);
 * if (result.ok) runner.setImage(result.image);
 */
export async function loadImageBytes(bytes: Uint8Array, name: string, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<ImageLoadResult> {
  if (bytes.length > limits.maxFileBytes) {
    return { ok: false, name, error: `${name} is ${(bytes.length / 2 ** 20).toFixed(1)} MB; the studio opens files up to ${limits.maxFileBytes / 2 ** 20} MB` };
  }
  const header = readImageHeader(bytes);
  if (!header) return { ok: false, name, error: `${name} is not a PNG, JPEG, WebP, BMP or GIF image` };
  const plan = planImageSize(header, limits);
  if (!plan.ok) return { ok: false, name, error: `${name}: ${plan.error}` };
  try {
    const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
      resizeWidth: plan.width,
      resizeHeight: plan.height,
      resizeQuality: 'high',
    });
    const canvas = new OffscreenCanvas(plan.width, plan.height);
    // Read back at once: a software canvas, not one the GPU draws and the page must then wait
    // for (that readback took 240 ms of AlexNet's cold open, on SwiftShader).
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2D canvas to read the pixels from');
    context.drawImage(bitmap, 0, 0);
    bitmap.close();
    const { data } = context.getImageData(0, 0, plan.width, plan.height);
    return { ok: true, name, image: { width: plan.width, height: plan.height, data }, ...(plan.notice ? { notice: plan.notice } : {}) };
  } catch (error) {
    return { ok: false, name, error: `${name} could not be decoded as ${header.format.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Gray 8-bit values (one per pixel) as opaque RGBA. */
export function grayToRgba(values: ArrayLike<number>, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = values[i];
    data[i * 4] = v;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = v;
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}
