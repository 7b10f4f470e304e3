import { addBiasPlanes } from '../cpu/conv2d.js';
import { isPointwise, rowsPerBand } from '../cpu/im2col.js';
import type { Conv2dInfo } from '../shape.js';
import { Tensor } from '../tensor.js';
import { type Arena, arena } from './arena.js';
import { requireWasmKernels } from './gemm-wasm.js';
import type { KernelExports } from './load.js';

/**
 * conv2d forward and both gradients with every step in WebAssembly: the operands are copied into
 * the module's memory once, then im2col (or col2im), the SIMD GEMM per band of output rows, and
 * the result copied out. The same plan as src/cpu/conv2d.ts (the reference): per image, group and
 * band, y[co, p] = W[co, k] · col[k, p] with k = (ci, ky, kx).
 */

/** Floats one call lays out; callers keep it under {@link WASM_MAX_FLOATS} to stay in wasm32 memory. */
export function convWasmFloats(info: Conv2dInfo): number {
  const { batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, groups, kernelHeight, kernelWidth } = info;
  const cin = inChannels / groups;
  const col = isPointwise(info) ? 0 : cin * kernelHeight * kernelWidth * rowsPerBand(info, cin) * outWidth;
  return batch * (inChannels * inHeight * inWidth + outChannels * outHeight * outWidth) + outChannels * cin * kernelHeight * kernelWidth + col;
}

/** 1 GiB of floats: beyond it the TypeScript kernels run instead (wasm32 memory stops at 4 GiB, some hosts at 2). */
export const WASM_MAX_FLOATS = 1 << 28;

interface Plan {
  cin: number;
  cout: number;
  K: number;
  P: number;
  rows: number;
  pointwise: boolean;
}

function planOf(info: Conv2dInfo): Plan {
  const cin = info.inChannels / info.groups;
  const pointwise = isPointwise(info);
  return {
    cin,
    cout: info.outChannels / info.groups,
    K: cin * info.kernelHeight * info.kernelWidth,
    P: info.outHeight * info.outWidth,
    rows: pointwise ? info.outHeight : rowsPerBand(info, cin),
    pointwise,
  };
}

/** Calls `visit` per image, group and band of output rows with byte offsets of the group's planes. */
function forEachBand(info: Conv2dInfo, plan: Plan, visit: (inOffset: number, outOffset: number, group: number, rowStart: number, rowEnd: number) => void): void {
  const { batch, inChannels, inHeight, inWidth, outChannels, outHeight, groups } = info;
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      const inOffset = 4 * (n * inChannels + g * plan.cin) * inHeight * inWidth;
      const outOffset = 4 * (n * outChannels + g * plan.cout) * plan.P;
      for (let r = 0; r < outHeight; r += plan.rows) visit(inOffset, outOffset, g, r, Math.min(outHeight, r + plan.rows));
    }
  }
}

function unfold(k: KernelExports, info: Conv2dInfo, plan: Plan, x: number, col: number, rowStart: number, rowEnd: number): void {
  const { inHeight, inWidth, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, pad } = info;
  k.im2col(x, inHeight, inWidth, plan.cin, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, pad.top, pad.left, rowStart, rowEnd, col);
}

function fold(k: KernelExports, info: Conv2dInfo, plan: Plan, col: number, dx: number, rowStart: number, rowEnd: number): void {
  const { inHeight, inWidth, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, pad } = info;
  k.col2im(col, inHeight, inWidth, plan.cin, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, pad.top, pad.left, rowStart, rowEnd, dx);
}

/**
 * The column matrix of one band, as a pointer and row stride: the input itself for a pointwise
 * convolution (its rows are already the columns, P apart), else the band unfolded into `col`.
 */
function bandColumns(k: KernelExports, info: Conv2dInfo, plan: Plan, x: number, col: number, rowStart: number, rowEnd: number): { ptr: number; rowStride: number } {
  if (plan.pointwise) return { ptr: x, rowStride: plan.P };
  unfold(k, info, plan, x, col, rowStart, rowEnd);
  return { ptr: col, rowStride: (rowEnd - rowStart) * info.outWidth };
}

function bandFloats(info: Conv2dInfo, plan: Plan): number {
  return plan.pointwise ? 0 : plan.K * plan.rows * info.outWidth;
}

/** Copies `data` into the arena at byte offset `ptr`. */
function put(a: Arena, ptr: number, data: Float32Array): void {
  a.f32.set(data, ptr >> 2);
}

/**
 * y = x ⊗ weight (+ bias) in WebAssembly; same contract as the CPU backend's conv2d.
 *
 * @example
 * const y = conv2dForwardWasm(x, w, undefined, computeConv2dInfo('conv2d', x.shape, w.shape, { padding: 1 }));
 */
export function conv2dForwardWasm(x: Tensor, weight: Tensor, bias: Tensor | undefined, info: Conv2dInfo): Tensor {
  const kernels = requireWasmKernels('conv2d');
  const k = kernels.exports;
  const plan = planOf(info);
  const { cout, K, P } = plan;
  const { batch, outChannels, outHeight, outWidth } = info;
  const ySize = batch * outChannels * P;
  const a = arena(kernels, [x.size, weight.size, ySize, bandFloats(info, plan)]);
  const [xPtr, wPtr, yPtr, colPtr] = a.ptrs;
  put(a, xPtr, x.data);
  put(a, wPtr, weight.data);
  forEachBand(info, plan, (inOffset, outOffset, g, rowStart, rowEnd) => {
    const width = (rowEnd - rowStart) * outWidth;
    const col = bandColumns(k, info, plan, xPtr + inOffset, colPtr, rowStart, rowEnd);
    k.gemm(cout, width, K, wPtr + 4 * g * cout * K, K, 1, col.ptr, col.rowStride, 1, yPtr + outOffset + 4 * rowStart * outWidth, P, 0, a.scratch);
  });
  const out = a.f32.slice(yPtr >> 2, (yPtr >> 2) + ySize);
  if (bias) addBiasPlanes(out, bias.data, batch, outChannels, P);
  return new Tensor(out, [batch, outChannels, outHeight, outWidth]);
}

/**
 * Direct convolution in WebAssembly for the small problems `prefersDirect` picks (no im2col, no
 * packing); same contract as the CPU backend's conv2d.
 *
 * @example
 * const y = conv2dDirectWasm(syntheticSix(), diagonalEdgeKernel(), undefined, info);
 */
export function conv2dDirectWasm(x: Tensor, weight: Tensor, bias: Tensor | undefined, info: Conv2dInfo): Tensor {
  const kernels = requireWasmKernels('conv2d');
  const { batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, groups, pad } = info;
  const ySize = batch * outChannels * outHeight * outWidth;
  const a = arena(kernels, [x.size, weight.size, ySize]);
  const [xPtr, wPtr, yPtr] = a.ptrs;
  put(a, xPtr, x.data);
  put(a, wPtr, weight.data);
  kernels.exports.convDirect(
    xPtr, wPtr, yPtr, batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, groups,
    info.kernelHeight, info.kernelWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, pad.top, pad.left,
  );
  const out = a.f32.slice(yPtr >> 2, (yPtr >> 2) + ySize);
  if (bias) addBiasPlanes(out, bias.data, batch, outChannels, outHeight * outWidth);
  return new Tensor(out, [batch, outChannels, outHeight, outWidth]);
}

/**
 * With stride 1 the input gradient is itself a convolution: dy, padded by d·(k−1) − p on each
 * side, correlated with the weights rotated 180° and with their channel axes swapped per group.
 * Run as a forward pass it is a GEMM with the forward's shape (K = Cout/g · kH · kW) instead of a
 * thin one (K = Cout/g) followed by col2im's scattered adds: about the forward's speed. Returns
 * undefined where that does not apply (a stride, or padding beyond d·(k−1)).
 */
function inputGradientAsForward(info: Conv2dInfo): Conv2dInfo | undefined {
  const { strideHeight, strideWidth, dilationHeight: DH, dilationWidth: DW, kernelHeight: KH, kernelWidth: KW, pad } = info;
  if (strideHeight !== 1 || strideWidth !== 1) return undefined;
  const flipped = {
    top: DH * (KH - 1) - pad.top,
    bottom: DH * (KH - 1) - pad.bottom,
    left: DW * (KW - 1) - pad.left,
    right: DW * (KW - 1) - pad.right,
  };
  if (flipped.top < 0 || flipped.bottom < 0 || flipped.left < 0 || flipped.right < 0) return undefined;
  return {
    ...info,
    inChannels: info.outChannels,
    inHeight: info.outHeight,
    inWidth: info.outWidth,
    outChannels: info.inChannels,
    outHeight: info.inHeight,
    outWidth: info.inWidth,
    pad: flipped,
  };
}

/** W'[g·cin + ci, o, kH−1−ky, kW−1−kx] = W[g·cout + o, ci, ky, kx]: the weights of that convolution. */
function rotatedTransposed(weight: Tensor, info: Conv2dInfo): Tensor {
  const { groups, kernelHeight: KH, kernelWidth: KW } = info;
  const cin = info.inChannels / groups;
  const cout = info.outChannels / groups;
  const taps = KH * KW;
  const out = new Float32Array(weight.size);
  const w = weight.data;
  for (let g = 0; g < groups; g++) {
    for (let o = 0; o < cout; o++) {
      for (let ci = 0; ci < cin; ci++) {
        const src = ((g * cout + o) * cin + ci) * taps;
        const dst = ((g * cin + ci) * cout + o) * taps;
        for (let t = 0; t < taps; t++) out[dst + taps - 1 - t] = w[src + t];
      }
    }
  }
  return new Tensor(out, [info.inChannels, cout, KH, KW]);
}

/**
 * dL/dx in WebAssembly: for stride 1, the forward convolution described at
 * `inputGradientAsForward`; otherwise dcol = Wᵀ · dy per band, folded back by col2im.
 *
 * @example
 * const dx = conv2dBackwardInputWasm(dy, w, info);
 */
export function conv2dBackwardInputWasm(dy: Tensor, weight: Tensor, info: Conv2dInfo): Tensor {
  const forward = inputGradientAsForward(info);
  if (forward) return conv2dForwardWasm(dy, rotatedTransposed(weight, info), undefined, forward);
  return conv2dBackwardInputByCol2im(dy, weight, info);
}

/**
 * dL/dx in WebAssembly for any geometry: dcol = Wᵀ · dy per band, folded back by col2im.
 *
 * @example
 * const dx = conv2dBackwardInputByCol2im(dy, w, info);
 */
export function conv2dBackwardInputByCol2im(dy: Tensor, weight: Tensor, info: Conv2dInfo): Tensor {
  const kernels = requireWasmKernels('conv2dBackward');
  const k = kernels.exports;
  const plan = planOf(info);
  const { cout, K, P } = plan;
  const { batch, inChannels, inHeight, inWidth, outWidth } = info;
  const dxSize = batch * inChannels * inHeight * inWidth;
  const a = arena(kernels, [dy.size, weight.size, dxSize, bandFloats(info, plan)]);
  const [dyPtr, wPtr, dxPtr, colPtr] = a.ptrs;
  put(a, dyPtr, dy.data);
  put(a, wPtr, weight.data);
  // col2im adds into dx, and the pointwise GEMM overwrites only its own rows: start from zero.
  a.f32.fill(0, dxPtr >> 2, (dxPtr >> 2) + dxSize);
  forEachBand(info, plan, (inOffset, outOffset, g, rowStart, rowEnd) => {
    const width = (rowEnd - rowStart) * outWidth;
    const w = wPtr + 4 * g * cout * K;
    const dyBand = dyPtr + outOffset + 4 * rowStart * outWidth;
    if (plan.pointwise) {
      k.gemm(K, width, cout, w, 1, K, dyBand, P, 1, dxPtr + inOffset, P, 0, a.scratch);
      return;
    }
    k.gemm(K, width, cout, w, 1, K, dyBand, P, 1, colPtr, width, 0, a.scratch);
    fold(k, info, plan, colPtr, dxPtr + inOffset, rowStart, rowEnd);
  });
  return new Tensor(a.f32.slice(dxPtr >> 2, (dxPtr >> 2) + dxSize), [batch, inChannels, inHeight, inWidth]);
}

/**
 * dL/dweight in WebAssembly: dW += dy · colᵀ over images and bands.
 *
 * @example
 * const dw = conv2dBackwardFilterWasm(x, dy, info);
 */
export function conv2dBackwardFilterWasm(x: Tensor, dy: Tensor, info: Conv2dInfo): Tensor {
  const kernels = requireWasmKernels('conv2dBackward');
  const k = kernels.exports;
  const plan = planOf(info);
  const { cin, cout, K, P } = plan;
  const { outChannels, outWidth } = info;
  const dwSize = outChannels * K;
  const a = arena(kernels, [x.size, dy.size, dwSize, bandFloats(info, plan)]);
  const [xPtr, dyPtr, dwPtr, colPtr] = a.ptrs;
  put(a, xPtr, x.data);
  put(a, dyPtr, dy.data);
  a.f32.fill(0, dwPtr >> 2, (dwPtr >> 2) + dwSize);
  forEachBand(info, plan, (inOffset, outOffset, g, rowStart, rowEnd) => {
    const width = (rowEnd - rowStart) * outWidth;
    const col = bandColumns(k, info, plan, xPtr + inOffset, colPtr, rowStart, rowEnd);
    // colᵀ: the column matrix read with its strides swapped.
    k.gemm(cout, K, width, dyPtr + outOffset + 4 * rowStart * outWidth, P, 1, col.ptr, 1, col.rowStride, dwPtr + 4 * g * cout * K, K, 1, a.scratch);
  });
  return new Tensor(a.f32.slice(dwPtr >> 2, (dwPtr >> 2) + dwSize), [outChannels, cin, info.kernelHeight, info.kernelWidth]);
}
