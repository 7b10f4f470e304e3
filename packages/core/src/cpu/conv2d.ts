import type { Conv2dInfo } from '../shape.js';
import { Tensor } from '../tensor.js';
import { addBiasPlanes, isPointwise, prefersDirect } from '../conv-plan.js';
import type { MatrixView } from '../matrix-view.js';
import { type Gemm, gemm } from './gemm.js';
import { conv2dDirect } from './conv2d-direct.js';
import { col2im, im2col, rowsPerBand } from './im2col.js';

/** How the CPU backend runs a forward convolution: chosen per shape, or forced (tests, benchmarks). */
export type ConvStrategy = 'auto' | 'gemm' | 'direct';

/** The GEMM view of one convolution: per image and group, Cout/g x K weights against K x P columns. */
interface GemmPlan {
  cin: number;
  cout: number;
  /** Rows of the columns: cin · kH · kW. */
  K: number;
  /** Output positions per channel: outHeight · outWidth. */
  P: number;
  /** 1x1, stride 1, no padding: the input itself is the column matrix. */
  pointwise: boolean;
  /** Scratch for one band of columns (empty when pointwise). */
  col: Float32Array;
}

/** One band of output rows of one image and group, with where its input and output planes start. */
interface Band {
  inOffset: number;
  outOffset: number;
  /** First output row and the number of output positions in the band. */
  rowStart: number;
  rowEnd: number;
  width: number;
}

function planOf(info: Conv2dInfo): GemmPlan {
  const cin = info.inChannels / info.groups;
  const K = cin * info.kernelHeight * info.kernelWidth;
  const pointwise = isPointwise(info);
  const col = pointwise ? new Float32Array(0) : new Float32Array(K * rowsPerBand(info, cin) * info.outWidth);
  return { cin, cout: info.outChannels / info.groups, K, P: info.outHeight * info.outWidth, pointwise, col };
}

/**
 * Visits every (image, group, band of output rows). A pointwise convolution is one band of all
 * rows; otherwise bands are sized so the column scratch stays bounded for large images.
 */
function forEachBand(info: Conv2dInfo, plan: GemmPlan, visit: (band: Band, group: number) => void): void {
  const { batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, groups } = info;
  const rows = plan.pointwise ? outHeight : rowsPerBand(info, plan.cin);
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      const inOffset = (n * inChannels + g * plan.cin) * inHeight * inWidth;
      const outOffset = (n * outChannels + g * plan.cout) * plan.P;
      for (let rowStart = 0; rowStart < outHeight; rowStart += rows) {
        const rowEnd = Math.min(outHeight, rowStart + rows);
        visit({ inOffset, outOffset, rowStart, rowEnd, width: (rowEnd - rowStart) * outWidth }, g);
      }
    }
  }
}

/** The [K, band width] column matrix of a band: the input itself when pointwise, else unfolded into the scratch. */
function unfold(x: Float32Array, info: Conv2dInfo, plan: GemmPlan, band: Band): MatrixView {
  if (plan.pointwise) return { data: x, offset: band.inOffset, rowStride: plan.P, colStride: 1 };
  im2col(x, band.inOffset, plan.cin, info, band.rowStart, band.rowEnd, plan.col);
  return { data: plan.col, offset: 0, rowStride: band.width, colStride: 1 };
}

/**
 * conv2d as im2col + GEMM per image, group and band of output rows (or a direct loop for tiny
 * problems, see conv2d-direct.ts): y[co, p] = W[co, k] · col[k, p] with k = (ci, ky, kx).
 */
export function conv2dForward(x: Tensor, weight: Tensor, bias: Tensor | undefined, info: Conv2dInfo, strategy: ConvStrategy = 'auto', mm: Gemm = gemm): Tensor {
  const { batch, outChannels, outHeight, outWidth } = info;
  const P = outHeight * outWidth;
  const out = new Float32Array(batch * outChannels * P);
  if (strategy === 'direct' || (strategy === 'auto' && prefersDirect(info))) {
    conv2dDirect(x.data, weight.data, out, info);
  } else {
    const plan = planOf(info);
    const { cout, K } = plan;
    forEachBand(info, plan, (band, g) => {
      const A = { data: weight.data, offset: g * cout * K, rowStride: K, colStride: 1 };
      mm(cout, band.width, K, A, unfold(x.data, info, plan, band), out, band.outOffset + band.rowStart * outWidth, P, false);
    });
  }
  if (bias) addBiasPlanes(out, bias.data, batch, outChannels, P);
  return new Tensor(out, [batch, outChannels, outHeight, outWidth]);
}

/** dcol[k, p] = W[co, k]ᵀ · dy[co, p], folded back into dx by col2im. */
export function conv2dBackwardInput(dy: Tensor, weight: Tensor, info: Conv2dInfo, mm: Gemm = gemm): Tensor {
  const { batch, inChannels, inHeight, inWidth, outWidth } = info;
  const dx = new Float32Array(batch * inChannels * inHeight * inWidth);
  const plan = planOf(info);
  const { cin, cout, K, P, col } = plan;
  forEachBand(info, plan, (band, g) => {
    const Wt = { data: weight.data, offset: g * cout * K, rowStride: 1, colStride: K };
    // dy's band is rows rowStart..rowEnd of each channel: a strided view with row stride P.
    const dyBand = { data: dy.data, offset: band.outOffset + band.rowStart * outWidth, rowStride: P, colStride: 1 };
    if (plan.pointwise) {
      mm(K, band.width, cout, Wt, dyBand, dx, band.inOffset, P, false);
      return;
    }
    mm(K, band.width, cout, Wt, dyBand, col, 0, band.width, false);
    col2im(col, cin, info, band.rowStart, band.rowEnd, dx, band.inOffset);
  });
  return new Tensor(dx, [batch, inChannels, inHeight, inWidth]);
}

/** dW[co, k] = Σ_n dy[co, p] · col[k, p]ᵀ, accumulated over images and bands. */
export function conv2dBackwardFilter(x: Tensor, dy: Tensor, info: Conv2dInfo, mm: Gemm = gemm): Tensor {
  const { outChannels, outWidth } = info;
  const plan = planOf(info);
  const { cin, cout, K, P } = plan;
  const dw = new Float32Array(outChannels * K);
  forEachBand(info, plan, (band, g) => {
    const dyBand = { data: dy.data, offset: band.outOffset + band.rowStart * outWidth, rowStride: P, colStride: 1 };
    const columns = unfold(x.data, info, plan, band);
    // colᵀ is the same memory read with the strides swapped.
    const colT = { ...columns, rowStride: columns.colStride, colStride: columns.rowStride };
    mm(cout, K, band.width, dyBand, colT, dw, g * cout * K, K, true);
  });
  return new Tensor(dw, [outChannels, cin, info.kernelHeight, info.kernelWidth]);
}

