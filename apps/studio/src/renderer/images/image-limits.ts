import type { ImageHeader } from './image-dimensions.js';

/** How large an opened image may be. */
export interface ImageLimits {
  /** Files above this many bytes are refused before they are read into memory. */
  maxFileBytes: number;
  /** Images above this many pixels are refused before decoding (a 64 MP RGBA image is 256 MB). */
  maxPixels: number;
  /** Images with a longer side are scaled down to it while decoding, with a notice. */
  maxSide: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxFileBytes: 64 * 1024 * 1024, maxPixels: 64_000_000, maxSide: 1024 };

/** The size an image will be decoded at, or why it is refused. */
export type ImagePlan =
  | { ok: true; width: number; height: number; notice?: string }
  | { ok: false; error: string };

/**
 * Decides, from the header alone, whether an image can be opened and at what size. Feature
 * maps of a 1024-pixel image are already more than a screen shows, and pipelines resize their
 * input anyway, so larger images are scaled down rather than refused.
 *
 * @example
 * planImageSize({ format: 'jpeg', width: 4000, height: 3000 }).notice; // 'scaled down from 4000x3000 to 1024x768 ...'
 */
export function planImageSize(header: ImageHeader, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): ImagePlan {
  const { width, height, format } = header;
  if (width < 1 || height < 1) return { ok: false, error: `the ${format.toUpperCase()} header gives an empty size ${width}x${height}` };
  if (width * height > limits.maxPixels) {
    return { ok: false, error: `${width}x${height} is ${(width * height / 1e6).toFixed(0)} megapixels; the studio opens images up to ${limits.maxPixels / 1e6} megapixels` };
  }
  const longest = Math.max(width, height);
  if (longest <= limits.maxSide) return { ok: true, width, height };
  const factor = limits.maxSide / longest;
  const scaled = { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
  return { ok: true, ...scaled, notice: `scaled down from ${width}x${height} to ${scaled.width}x${scaled.height} (the studio works on images up to ${limits.maxSide} pixels a side)` };
}
