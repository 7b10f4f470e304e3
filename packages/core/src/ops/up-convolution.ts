import { getBackend } from '../backend-registry.js';
import { computeConv2dInfo, computeConvTranspose2dInfo } from '../conv-info.js';
import { fail, formatShape } from '../errors.js';
import { ones, type Tensor } from '../tensor.js';
import { expectRank } from '../shape.js';
import { expectBias, expectSameShape, expectTensor, optionsOf } from './check.js';
import type { Conv2dGradients } from './conv2d.js';

/** Options of {@link upConvolution}. */
export interface UpConvolutionOptions {
  /** Upsampling factor: `factor - 1` zeros go between neighbouring entries. Default 2. */
  factor?: number;
  /** Zeros around the zero-inserted grid; default `floor(k / 2)` per axis, the document's 1 for a 3x3 kernel. */
  padding?: number | readonly [number, number];
  /** One value per output channel; `null` means none. */
  bias?: Tensor | null;
}

/** Zero insertion as a depthwise transposed convolution with a 1x1 kernel of ones and stride `factor`. */
function zeroInsertInfo(op: string, shape: readonly number[], factor: number) {
  if (!Number.isSafeInteger(factor) || factor <= 0) fail(op, 'factor', `must be a positive integer, got ${factor}`);
  const channels = shape[1];
  return { info: computeConvTranspose2dInfo(op, shape, [channels, 1, 1, 1], { stride: factor, groups: channels }), identity: ones([channels, 1, 1, 1]) };
}

function expectRank4(op: string, x: Tensor): void {
  expectRank(op, 'input', x.shape, 4, 'N,C,H,W');
}

function asKernel4d(op: string, x: Tensor, kernel: Tensor): Tensor {
  expectTensor(op, 'kernel', kernel);
  if (kernel.rank === 2) {
    if (x.rank !== 4 || x.shape[1] !== 1) {
      fail(op, 'kernel', `of shape ${formatShape(kernel.shape)} (a single 2D kernel) needs a 1-channel input, got ${formatShape(x.shape)}`);
    }
    return kernel.reshape([1, 1, kernel.shape[0], kernel.shape[1]]);
  }
  return kernel;
}

function resolvedPadding(kernel: Tensor, options: UpConvolutionOptions): [number, number] | number {
  if (options.padding !== undefined) return options.padding as [number, number] | number;
  return [Math.floor(kernel.shape[2] / 2), Math.floor(kernel.shape[3] / 2)];
}

/**
 * Inserts `factor - 1` zeros between neighbouring entries along H and W:
 * `[N, C, H, W]` becomes `[N, C, (H-1)·factor + 1, (W-1)·factor + 1]`.
 *
 * @example
 * zeroInsert(tensor([[1, 2], [3, 4]]).reshape([1, 1, 2, 2]), 2); // [[1,0,2],[0,0,0],[3,0,4]]
 */
export function zeroInsert(x: Tensor, factor: number): Tensor {
  expectTensor('zeroInsert', 'input', x);
  expectRank4('zeroInsert', x);
  const { info, identity } = zeroInsertInfo('zeroInsert', x.shape, factor);
  return getBackend().conv2dBackwardInput(x, identity, info);
}

/**
 * The source document's up-convolution: zero insertion, zero padding, then an ordinary
 * convolution. kernel is `[Cout, Cin, kH, kW]`, or `[kH, kW]` for a 1-channel input.
 * It equals {@link convTranspose2d} with stride `factor`, padding `k - 1 - padding` and the
 * kernel rotated 180 degrees (with its first two axes swapped).
 *
 * @example
 * const a = tensor([[1, 2], [3, 4]]).reshape([1, 1, 2, 2]);
 * const k = tensor([[1, 0, 1], [0, 1, 0], [1, 0, 1]]);
 * upConvolution(a, k, { factor: 2 }).toArray(); // [[[[1, 0, 2], [0, 10, 0], [3, 0, 4]]]]
 */
export function upConvolution(x: Tensor, kernel: Tensor, options: UpConvolutionOptions | null = {}): Tensor {
  const { weight, insert, conv, bias } = plan('upConvolution', x, kernel, options);
  const backend = getBackend();
  const inserted = backend.conv2dBackwardInput(x, insert.identity, insert.info);
  return backend.conv2d(inserted, weight, bias, conv);
}

/**
 * Gradients of {@link upConvolution}: conv2d's gradients on the zero-inserted input, then
 * dL/dX picks the entries that came from x (a strided convolution with the 1x1 ones kernel).
 * `dweight` has the kernel's shape as given (2D stays 2D).
 */
export function upConvolutionBackward(dy: Tensor, x: Tensor, kernel: Tensor, options: UpConvolutionOptions | null = {}): Conv2dGradients {
  expectTensor('upConvolutionBackward', 'dy', dy);
  const { weight, insert, conv, bias } = plan('upConvolutionBackward', x, kernel, options);
  expectSameShape('upConvolutionBackward', 'dy', dy, [conv.batch, conv.outChannels, conv.outHeight, conv.outWidth], 'the output');
  const backend = getBackend();
  const inserted = backend.conv2dBackwardInput(x, insert.identity, insert.info);
  const dInserted = backend.conv2dBackwardInput(dy, weight, conv);
  return {
    dx: backend.conv2d(dInserted, insert.identity, undefined, insert.info),
    dweight: backend.conv2dBackwardFilter(inserted, dy, conv).reshape(kernel.shape),
    ...(bias ? { dbias: backend.sumToChannels(dy) } : {}),
  };
}

/** Validates once and computes both steps' geometry, so every error names the calling op. */
function plan(op: string, x: Tensor, kernel: Tensor, given: UpConvolutionOptions | null) {
  const options: UpConvolutionOptions = optionsOf(op, given);
  expectTensor(op, 'input', x);
  expectRank4(op, x);
  const weight = asKernel4d(op, x, kernel);
  const factor = options.factor ?? 2;
  const insert = zeroInsertInfo(op, x.shape, factor);
  const insertedShape = [x.shape[0], x.shape[1], insert.info.inHeight, insert.info.inWidth];
  const conv = computeConv2dInfo(op, insertedShape, weight.shape, { padding: resolvedPadding(weight, options) });
  expectBias(op, options.bias, conv.outChannels);
  return { weight, insert, conv, bias: options.bias ?? undefined };
}
