import { colormapLut } from '@convstudio/ui';

/**
 * RGBA pixels of a saliency overlay: the input in gray underneath, dL/dX (summed over channels)
 * on the diverging scale on top, opaque where |dL/dX| is largest and clear where it is 0. So the
 * picture stays readable and the pixels that move L stand out in the colour of their sign.
 *
 * @example
 * const rgba = saliencyPixels(input.data, grad.data, 1, 28, 28); // 28·28·4 bytes
 */
export function saliencyPixels(input: ArrayLike<number>, gradient: ArrayLike<number>, channels: number, h: number, w: number): Uint8ClampedArray {
  const size = h * w;
  const gray = new Float32Array(size);
  const g = new Float32Array(size);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < size; i++) {
      gray[i] += input[c * size + i] / channels;
      g[i] += gradient[c * size + i];
    }
  }
  let lo = Infinity;
  let hi = -Infinity;
  let big = 0;
  for (let i = 0; i < size; i++) {
    lo = Math.min(lo, gray[i]);
    hi = Math.max(hi, gray[i]);
    big = Math.max(big, Math.abs(g[i]));
  }
  const lut = colormapLut('diverging');
  const out = new Uint8ClampedArray(size * 4);
  for (let i = 0; i < size; i++) {
    // The image dimmed to 35–85% gray keeps both blue and red readable over it.
    const base = 255 * (0.35 + 0.5 * (hi > lo ? (gray[i] - lo) / (hi - lo) : 0.5));
    const t = big > 0 ? g[i] / big : 0;
    const alpha = Math.min(1, Math.abs(t) ** 0.6);
    const k = Math.round(((t + 1) / 2) * 255) * 4;
    for (let c = 0; c < 3; c++) out[i * 4 + c] = base * (1 - alpha) + lut[k + c] * alpha;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The largest |Σ_c dL/dX| over pixels, the overlay's full-colour value. */
export function saliencyPeak(gradient: ArrayLike<number>, channels: number, size: number): number {
  let big = 0;
  for (let i = 0; i < size; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += gradient[c * size + i];
    big = Math.max(big, Math.abs(s));
  }
  return big;
}
