import type { Pool2dInfo } from '../pool-info.js';
import { Tensor } from '../tensor.js';

/**
 * Index (within its H*W plane) of the maximum of one max-pooling window, or -1 when every tap
 * falls in the padding (possible only with dilation, e.g. kernel 2, dilation 3, padding 1 on a
 * 2-wide input). Forward and backward both call this, so the value a forward pass returns and
 * the place its gradient goes can never disagree.
 *
 * The comparison is PyTorch's CPU one: strict `>` keeps the first maximum in row-major scan
 * order, and a NaN always takes over (so NaN propagates, and the last NaN gets the gradient).
 * An all -Infinity window still picks its first valid tap instead of -1.
 */
function windowArgMax(data: Float32Array, offset: number, h0: number, w0: number, info: Pool2dInfo): number {
  const { inHeight, inWidth, kernelHeight, kernelWidth, dilationHeight, dilationWidth } = info;
  let best = -Infinity;
  let bestIndex = -1;
  for (let kh = 0; kh < kernelHeight; kh++) {
    const ih = h0 + kh * dilationHeight;
    if (ih < 0 || ih >= inHeight) continue;
    for (let kw = 0; kw < kernelWidth; kw++) {
      const iw = w0 + kw * dilationWidth;
      if (iw < 0 || iw >= inWidth) continue;
      const index = ih * inWidth + iw;
      const value = data[offset + index];
      if (bestIndex < 0 || value > best || value !== value) {
        best = value;
        bestIndex = index;
      }
    }
  }
  return bestIndex;
}

/** y[n, c, oh, ow] = max over the window's taps; padding acts as -Infinity. */
export function maxPool2d(x: Tensor, info: Pool2dInfo): Tensor {
  const { batch, channels, inHeight, inWidth, outHeight, outWidth } = info;
  const inPlane = inHeight * inWidth;
  const outPlane = outHeight * outWidth;
  const out = new Float32Array(batch * channels * outPlane);
  for (let p = 0; p < batch * channels; p++) {
    const xOffset = p * inPlane;
    let o = p * outPlane;
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * info.strideHeight - info.padHeight;
      for (let ow = 0; ow < outWidth; ow++, o++) {
        const index = windowArgMax(x.data, xOffset, h0, ow * info.strideWidth - info.padWidth, info);
        out[o] = index < 0 ? -Infinity : x.data[xOffset + index];
      }
    }
  }
  return new Tensor(out, [batch, channels, outHeight, outWidth]);
}

/** dx[first argmax of each window] += dy; overlapping windows accumulate. */
export function maxPool2dBackward(dy: Tensor, x: Tensor, info: Pool2dInfo): Tensor {
  const { batch, channels, inHeight, inWidth, outHeight, outWidth } = info;
  const inPlane = inHeight * inWidth;
  const outPlane = outHeight * outWidth;
  const dx = new Float32Array(batch * channels * inPlane);
  for (let p = 0; p < batch * channels; p++) {
    const xOffset = p * inPlane;
    let o = p * outPlane;
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * info.strideHeight - info.padHeight;
      for (let ow = 0; ow < outWidth; ow++, o++) {
        const index = windowArgMax(x.data, xOffset, h0, ow * info.strideWidth - info.padWidth, info);
        if (index >= 0) dx[xOffset + index] += dy.data[o];
      }
    }
  }
  return new Tensor(dx, [batch, channels, inHeight, inWidth]);
}

/**
 * One axis of average-pooling windows, as PyTorch computes them: `span` is the window length
 * before clipping to the input (it still counts the padding, but not past the right padding,
 * which a ceil-mode window may reach), `start`/`end` the clipped range of real input.
 */
interface AxisWindows {
  start: Int32Array;
  end: Int32Array;
  span: Int32Array;
}

function axisWindows(out: number, stride: number, pad: number, kernel: number, size: number): AxisWindows {
  const start = new Int32Array(out);
  const end = new Int32Array(out);
  const span = new Int32Array(out);
  for (let o = 0; o < out; o++) {
    const s = o * stride - pad;
    const e = Math.min(s + kernel, size + pad);
    span[o] = e - s;
    start[o] = Math.max(s, 0);
    end[o] = Math.min(e, size);
  }
  return { start, end, span };
}

/** Per-window divisors, shared by forward and backward so the adjoint uses exactly the same ones. */
function avgDivisors(info: Pool2dInfo): { rows: AxisWindows; cols: AxisWindows; divisor: Float32Array } {
  const rows = axisWindows(info.outHeight, info.strideHeight, info.padHeight, info.kernelHeight, info.inHeight);
  const cols = axisWindows(info.outWidth, info.strideWidth, info.padWidth, info.kernelWidth, info.inWidth);
  const divisor = new Float32Array(info.outHeight * info.outWidth);
  for (let oh = 0, o = 0; oh < info.outHeight; oh++) {
    for (let ow = 0; ow < info.outWidth; ow++, o++) {
      divisor[o] = info.countIncludePad
        ? rows.span[oh] * cols.span[ow]
        : (rows.end[oh] - rows.start[oh]) * (cols.end[ow] - cols.start[ow]);
    }
  }
  return { rows, cols, divisor };
}

/** y[n, c, oh, ow] = sum of the window's real inputs / divisor (padding contributes zeros). */
export function avgPool2d(x: Tensor, info: Pool2dInfo): Tensor {
  const { batch, channels, inHeight, inWidth, outHeight, outWidth } = info;
  const { rows, cols, divisor } = avgDivisors(info);
  const inPlane = inHeight * inWidth;
  const outPlane = outHeight * outWidth;
  const out = new Float32Array(batch * channels * outPlane);
  for (let p = 0; p < batch * channels; p++) {
    const xOffset = p * inPlane;
    for (let oh = 0, o = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, o++) {
        let sum = 0;
        for (let ih = rows.start[oh]; ih < rows.end[oh]; ih++) {
          const rowOffset = xOffset + ih * inWidth;
          for (let iw = cols.start[ow]; iw < cols.end[ow]; iw++) sum += x.data[rowOffset + iw];
        }
        out[p * outPlane + o] = sum / divisor[o];
      }
    }
  }
  return new Tensor(out, [batch, channels, outHeight, outWidth]);
}

/** dx[window] += dy / divisor: the adjoint of {@link avgPool2d}. */
export function avgPool2dBackward(dy: Tensor, info: Pool2dInfo): Tensor {
  const { batch, channels, inHeight, inWidth, outHeight, outWidth } = info;
  const { rows, cols, divisor } = avgDivisors(info);
  const inPlane = inHeight * inWidth;
  const outPlane = outHeight * outWidth;
  const dx = new Float32Array(batch * channels * inPlane);
  for (let p = 0; p < batch * channels; p++) {
    const xOffset = p * inPlane;
    for (let oh = 0, o = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, o++) {
        const share = dy.data[p * outPlane + o] / divisor[o];
        for (let ih = rows.start[oh]; ih < rows.end[oh]; ih++) {
          const rowOffset = xOffset + ih * inWidth;
          for (let iw = cols.start[ow]; iw < cols.end[ow]; iw++) dx[rowOffset + iw] += share;
        }
      }
    }
  }
  return new Tensor(dx, [batch, channels, inHeight, inWidth]);
}
