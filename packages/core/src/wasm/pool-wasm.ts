import type { Pool2dInfo } from '../pool-info.js';
import { Tensor } from '../tensor.js';
import { arena } from './arena.js';
import { requireWasmKernels } from './gemm-wasm.js';

function geometry(info: Pool2dInfo): number[] {
  const { batch, channels, inHeight, inWidth, outHeight, outWidth } = info;
  return [
    batch * channels, inHeight, inWidth, outHeight, outWidth, info.kernelHeight, info.kernelWidth,
    info.strideHeight, info.strideWidth, info.padHeight, info.padWidth, info.dilationHeight, info.dilationWidth,
  ];
}

/**
 * Max pooling in WebAssembly; same contract (and NaN and tie rules) as the CPU backend's maxPool2d.
 *
 * @example
 * const y = maxPool2dWasm(x, computePool2dInfo('maxPool2d', x.shape, { kernelSize: 2 }));
 */
export function maxPool2dWasm(x: Tensor, info: Pool2dInfo): Tensor {
  const kernels = requireWasmKernels('maxPool2d');
  const { batch, channels, outHeight, outWidth } = info;
  const ySize = batch * channels * outHeight * outWidth;
  const a = arena(kernels, [x.size, ySize]);
  const [xPtr, yPtr] = a.ptrs;
  a.f32.set(x.data, xPtr >> 2);
  const [planes, H, W, OH, OW, KH, KW, SH, SW, PH, PW, DH, DW] = geometry(info);
  kernels.exports.maxPool(xPtr, yPtr, planes, H, W, OH, OW, KH, KW, SH, SW, PH, PW, DH, DW);
  return new Tensor(a.f32.slice(yPtr >> 2, (yPtr >> 2) + ySize), [batch, channels, outHeight, outWidth]);
}

/**
 * The max-pooling gradient in WebAssembly: each dy goes to its window's first maximum.
 *
 * @example
 * const dx = maxPool2dBackwardWasm(dy, x, info);
 */
export function maxPool2dBackwardWasm(dy: Tensor, x: Tensor, info: Pool2dInfo): Tensor {
  const kernels = requireWasmKernels('maxPool2dBackward');
  const a = arena(kernels, [dy.size, x.size, x.size]);
  const [dyPtr, xPtr, dxPtr] = a.ptrs;
  a.f32.set(dy.data, dyPtr >> 2);
  a.f32.set(x.data, xPtr >> 2);
  a.f32.fill(0, dxPtr >> 2, (dxPtr >> 2) + x.size);
  const [planes, H, W, OH, OW, KH, KW, SH, SW, PH, PW, DH, DW] = geometry(info);
  kernels.exports.maxPoolBackward(dyPtr, xPtr, dxPtr, planes, H, W, OH, OW, KH, KW, SH, SW, PH, PW, DH, DW);
  return new Tensor(a.f32.slice(dxPtr >> 2, (dxPtr >> 2) + x.size), x.shape);
}
