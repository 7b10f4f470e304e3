import type { Conv2dInfo } from '../shape.js';
import { Tensor } from '../tensor.js';
import { gemm } from './gemm.js';
import { conv2dDirect, prefersDirect } from './conv2d-direct.js';
import { col2im, im2col, isPointwise, rowsPerBand } from './im2col.js';

/** How the CPU backend runs a forward convolution: chosen per shape, or forced (tests, benchmarks). */
export type ConvStrategy = 'auto' | 'gemm' | 'direct';

/**
 * conv2d as im2col + GEMM (or a direct loop for tiny problems, see conv2d-direct.ts), per image, per group and per band of output rows:
 * y[co, p] = W[co, k] · col[k, p] with k = (ci, ky, kx).
 */
export function conv2dForward(x: Tensor, weight: Tensor, bias: Tensor | undefined, info: Conv2dInfo, strategy: ConvStrategy = 'auto'): Tensor {
  const { batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, groups } = info;
  const cin = inChannels / groups;
  const cout = outChannels / groups;
  const K = cin * info.kernelHeight * info.kernelWidth;
  const P = outHeight * outWidth;
  const out = new Float32Array(batch * outChannels * P);
  if (strategy === 'direct' || (strategy === 'auto' && prefersDirect(info))) {
    conv2dDirect(x.data, weight.data, out, info);
    if (bias) addBiasPlanes(out, bias.data, batch, outChannels, P);
    return new Tensor(out, [batch, outChannels, outHeight, outWidth]);
  }
  const pointwise = isPointwise(info);
  const band = rowsPerBand(info, cin);
  const col = pointwise ? new Float32Array(0) : new Float32Array(K * band * outWidth);
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      const xOffset = (n * inChannels + g * cin) * inHeight * inWidth;
      const yOffset = (n * outChannels + g * cout) * P;
      const A = { data: weight.data, offset: g * cout * K, rowStride: K, colStride: 1 };
      if (pointwise) {
        gemm(cout, P, K, A, { data: x.data, offset: xOffset, rowStride: P, colStride: 1 }, out, yOffset, P, false);
        continue;
      }
      for (let r0 = 0; r0 < outHeight; r0 += band) {
        const r1 = Math.min(outHeight, r0 + band);
        const width = (r1 - r0) * outWidth;
        im2col(x.data, xOffset, cin, info, r0, r1, col);
        gemm(cout, width, K, A, { data: col, offset: 0, rowStride: width, colStride: 1 }, out, yOffset + r0 * outWidth, P, false);
      }
    }
  }
  if (bias) addBiasPlanes(out, bias.data, batch, outChannels, P);
  return new Tensor(out, [batch, outChannels, outHeight, outWidth]);
}

/** dcol[k, p] = W[co, k]ᵀ · dy[co, p], folded back into dx by col2im. */
export function conv2dBackwardInput(dy: Tensor, weight: Tensor, info: Conv2dInfo): Tensor {
  const { batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, groups } = info;
  const cin = inChannels / groups;
  const cout = outChannels / groups;
  const K = cin * info.kernelHeight * info.kernelWidth;
  const P = outHeight * outWidth;
  const dx = new Float32Array(batch * inChannels * inHeight * inWidth);
  const pointwise = isPointwise(info);
  const band = rowsPerBand(info, cin);
  const col = pointwise ? new Float32Array(0) : new Float32Array(K * band * outWidth);
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      const dxOffset = (n * inChannels + g * cin) * inHeight * inWidth;
      const dyOffset = (n * outChannels + g * cout) * P;
      const Wt = { data: weight.data, offset: g * cout * K, rowStride: 1, colStride: K };
      if (pointwise) {
        gemm(K, P, cout, Wt, { data: dy.data, offset: dyOffset, rowStride: P, colStride: 1 }, dx, dxOffset, P, false);
        continue;
      }
      for (let r0 = 0; r0 < outHeight; r0 += band) {
        const r1 = Math.min(outHeight, r0 + band);
        const width = (r1 - r0) * outWidth;
        // dy's band is rows r0..r1 of each channel: a strided view with row stride P.
        gemm(K, width, cout, Wt, { data: dy.data, offset: dyOffset + r0 * outWidth, rowStride: P, colStride: 1 }, col, 0, width, false);
        col2im(col, cin, info, r0, r1, dx, dxOffset);
      }
    }
  }
  return new Tensor(dx, [batch, inChannels, inHeight, inWidth]);
}

/** dW[co, k] = Σ_n dy[co, p] · col[k, p]ᵀ, accumulated over images and bands. */
export function conv2dBackwardFilter(x: Tensor, dy: Tensor, info: Conv2dInfo): Tensor {
  const { batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, groups } = info;
  const cin = inChannels / groups;
  const cout = outChannels / groups;
  const K = cin * info.kernelHeight * info.kernelWidth;
  const P = outHeight * outWidth;
  const dw = new Float32Array(outChannels * K);
  const pointwise = isPointwise(info);
  const band = rowsPerBand(info, cin);
  const col = pointwise ? new Float32Array(0) : new Float32Array(K * band * outWidth);
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      const xOffset = (n * inChannels + g * cin) * inHeight * inWidth;
      const dyOffset = (n * outChannels + g * cout) * P;
      if (pointwise) {
        const dyView = { data: dy.data, offset: dyOffset, rowStride: P, colStride: 1 };
        gemm(cout, K, P, dyView, { data: x.data, offset: xOffset, rowStride: 1, colStride: P }, dw, g * cout * K, K, true);
        continue;
      }
      for (let r0 = 0; r0 < outHeight; r0 += band) {
        const r1 = Math.min(outHeight, r0 + band);
        const width = (r1 - r0) * outWidth;
        im2col(x.data, xOffset, cin, info, r0, r1, col);
        const dyView = { data: dy.data, offset: dyOffset + r0 * outWidth, rowStride: P, colStride: 1 };
        gemm(cout, K, width, dyView, { data: col, offset: 0, rowStride: 1, colStride: width }, dw, g * cout * K, K, true);
      }
    }
  }
  return new Tensor(dw, [outChannels, cin, info.kernelHeight, info.kernelWidth]);
}

/** Adds bias[c] to every value of plane (n, c). */
export function addBiasPlanes(out: Float32Array, bias: Float32Array, batch: number, channels: number, planeSize: number): void {
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const b = bias[c];
      const start = (n * channels + c) * planeSize;
      for (let i = start; i < start + planeSize; i++) out[i] += b;
    }
  }
}
