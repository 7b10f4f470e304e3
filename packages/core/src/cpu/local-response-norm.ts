import type { LocalResponseNormParams } from '../backend.js';
import { Tensor } from '../tensor.js';
import { axisExtent } from './elementwise.js';

/**
 * The channels in the window of channel c: PyTorch pads size/2 (rounded down) zero channels in
 * front and (size-1)/2 behind, then averages `size` channels, padding included.
 */
function windowOf(c: number, size: number, channels: number): [number, number] {
  return [Math.max(0, c - Math.floor(size / 2)), Math.min(channels - 1, c + Math.floor((size - 1) / 2))];
}

/** scale[c] = k + alpha/size · Σ x² over c's window, per (sample, position), in float64. */
function scales(x: Tensor, params: LocalResponseNormParams): Float64Array {
  const { outer, size: channels, inner } = axisExtent(x.shape, 1);
  const src = x.data;
  const out = new Float64Array(x.size);
  const a = params.alpha / params.size;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * channels * inner + i;
      for (let c = 0; c < channels; c++) {
        const [lo, hi] = windowOf(c, params.size, channels);
        let sum = 0;
        for (let j = lo; j <= hi; j++) sum += src[base + j * inner] * src[base + j * inner];
        out[base + c * inner] = params.k + a * sum;
      }
    }
  }
  return out;
}

/** y = x · scale^-beta across channels (AlexNet's local response normalisation). */
export function localResponseNorm(x: Tensor, params: LocalResponseNormParams): Tensor {
  const s = scales(x, params);
  const src = x.data;
  const out = new Float32Array(x.size);
  for (let i = 0; i < out.length; i++) out[i] = src[i] * s[i] ** -params.beta;
  return new Tensor(out, x.shape);
}

/**
 * dx_i = dy_i·scale_i^-beta - 2·alpha·beta/size · x_i · Σ_j dy_j·x_j·scale_j^(-beta-1) over
 * the channels j whose window holds i (j from i - (size-1)/2 to i + size/2).
 */
export function localResponseNormBackward(dy: Tensor, x: Tensor, params: LocalResponseNormParams): Tensor {
  const { outer, size: channels, inner } = axisExtent(x.shape, 1);
  const s = scales(x, params);
  const src = x.data;
  const g = dy.data;
  const { size, beta } = params;
  // t_j = dy_j·x_j·scale_j^(-beta-1), shared by every channel in j's window.
  const t = new Float64Array(x.size);
  for (let i = 0; i < t.length; i++) t[i] = g[i] * src[i] * s[i] ** (-beta - 1);
  const out = new Float32Array(x.size);
  const factor = (2 * params.alpha * beta) / size;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * channels * inner + i;
      for (let c = 0; c < channels; c++) {
        const lo = Math.max(0, c - Math.floor((size - 1) / 2));
        const hi = Math.min(channels - 1, c + Math.floor(size / 2));
        let sum = 0;
        for (let j = lo; j <= hi; j++) sum += t[base + j * inner];
        const at = base + c * inner;
        out[at] = g[at] * s[at] ** -beta - factor * src[at] * sum;
      }
    }
  }
  return new Tensor(out, x.shape);
}
