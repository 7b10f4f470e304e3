import type { Pool2dInfo } from '../pool-info.js';
import { copyOut } from '../step-buffers.js';
import { Tensor } from '../tensor.js';
import { arena } from './arena.js';
import { requireWasmKernels } from './gemm-wasm.js';
import { type Task, call, chunks } from './tasks.js';
import { runTasks } from './thread-pool.js';

function geometry(info: Pool2dInfo): number[] {
  return [
    info.inHeight, info.inWidth, info.outHeight, info.outWidth, info.kernelHeight, info.kernelWidth,
    info.strideHeight, info.strideWidth, info.padHeight, info.padWidth, info.dilationHeight, info.dilationWidth,
  ];
}

/** True for 2x2 windows at stride 2, no padding or dilation, on planes of exactly twice the output's size. */
function tiles2x2(info: Pool2dInfo): boolean {
  return (
    info.kernelHeight === 2 && info.kernelWidth === 2 && info.strideHeight === 2 && info.strideWidth === 2 &&
    info.padHeight === 0 && info.padWidth === 0 && info.dilationHeight === 1 && info.dilationWidth === 1 &&
    info.inHeight === 2 * info.outHeight && info.inWidth === 2 * info.outWidth
  );
}

/** Planes (image × channel) cut into one run per thread, as [first plane, planes]. */
function planeRuns(info: Pool2dInfo, threads: number): [number, number][] {
  return chunks(info.batch * info.channels, threads).map(([p0, p1]) => [p0, p1 - p0]);
}

/**
 * Max pooling in WebAssembly; same contract (and NaN and tie rules) as the CPU backend's
 * maxPool2d. With `threads` > 1 the planes are shared out between threads.
 *
 * @example
 * const y = maxPool2dWasm(x, computePool2dInfo('maxPool2d', x.shape, { kernelSize: 2 }));
 */
export function maxPool2dWasm(x: Tensor, info: Pool2dInfo, threads = 1): Tensor {
  const kernels = requireWasmKernels('maxPool2d');
  const { batch, channels, inHeight, inWidth, outHeight, outWidth } = info;
  const ySize = batch * channels * outHeight * outWidth;
  const a = arena(kernels, [x.size, ySize], { threads });
  const [xPtr, yPtr] = a.ptrs;
  a.f32.set(x.data, xPtr >> 2);
  const tiled = tiles2x2(info);
  const tasks = planeRuns(info, threads).map(([p0, planes]): Task => {
    const [xAt, yAt] = [xPtr + 4 * p0 * inHeight * inWidth, yPtr + 4 * p0 * outHeight * outWidth];
    return [tiled ? call('maxPool2x2', [xAt, yAt, planes, outHeight, outWidth]) : call('maxPool', [xAt, yAt, planes, ...geometry(info)])];
  });
  runTasks(kernels, tasks, a.scratch, a.scratchStride, threads);
  return new Tensor(copyOut(a.f32, yPtr >> 2, ySize), [batch, channels, outHeight, outWidth]);
}

/**
 * The max-pooling gradient in WebAssembly: each dy goes to its window's first maximum. Planes are
 * independent, so threads share them out as in the forward pass.
 *
 * @example
 * const dx = maxPool2dBackwardWasm(dy, x, info);
 */
export function maxPool2dBackwardWasm(dy: Tensor, x: Tensor, info: Pool2dInfo, threads = 1): Tensor {
  const kernels = requireWasmKernels('maxPool2dBackward');
  const { inHeight, inWidth, outHeight, outWidth } = info;
  const a = arena(kernels, [dy.size, x.size, x.size], { threads });
  const [dyPtr, xPtr, dxPtr] = a.ptrs;
  a.f32.set(dy.data, dyPtr >> 2);
  a.f32.set(x.data, xPtr >> 2);
  const inPlane = 4 * inHeight * inWidth;
  const tiled = tiles2x2(info);
  // 2x2 windows at stride 2 tiling the plane write every dx entry; elsewhere dx is added into.
  if (!tiled) a.f32.fill(0, dxPtr >> 2, (dxPtr >> 2) + x.size);
  const tasks = planeRuns(info, threads).map(([p0, planes]): Task => {
    const [dyAt, xAt, dxAt] = [dyPtr + 4 * p0 * outHeight * outWidth, xPtr + p0 * inPlane, dxPtr + p0 * inPlane];
    return [tiled ? call('maxPool2x2Backward', [dyAt, xAt, dxAt, planes, outHeight, outWidth]) : call('maxPoolBackward', [dyAt, xAt, dxAt, planes, ...geometry(info)])];
  });
  runTasks(kernels, tasks, a.scratch, a.scratchStride, threads);
  return new Tensor(copyOut(a.f32, dxPtr >> 2, x.size), x.shape);
}
