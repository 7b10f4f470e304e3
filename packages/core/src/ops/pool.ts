import { getBackend } from '../backend-registry.js';
import { fail } from '../errors.js';
import { type Pool2dInfo, type Pool2dOptions, computePool2dInfo } from '../pool-info.js';
import { describe, expectRank } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectSameShape, expectTensor } from './check.js';

function outputShape(info: Pool2dInfo): number[] {
  return [info.batch, info.channels, info.outHeight, info.outWidth];
}

/**
 * Average pooling has no dilation in PyTorch; accepting one and ignoring it would silently give
 * a different answer than the user asked for, so it is refused.
 */
function avgPoolInfo(op: string, x: Tensor, options: Pool2dOptions): Pool2dInfo {
  if (options?.dilation !== undefined) {
    fail(op, 'dilation', `is not supported by average pooling (max pooling only), got ${describe(options.dilation)}`);
  }
  return computePool2dInfo(op, x.shape, options);
}

/** The whole plane as one window: global average pooling is an ordinary average pooling. */
function globalInfo(op: string, x: Tensor): Pool2dInfo {
  // Checked before reading H and W, so a wrong rank or an empty plane is reported as such, not as a bad kernel.
  expectRank(op, 'input', x.shape, 4, 'N,C,H,W');
  const plane: [number, number] = [x.shape[2], x.shape[3]];
  return computePool2dInfo(op, x.shape, { kernelSize: plane, stride: plane });
}

/**
 * 2D max pooling of an `[N, C, H, W]` input: each output is the largest value of its window.
 * Padding acts as -Infinity; a NaN in a window wins, as in PyTorch.
 *
 * @example
 * const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 1, 4, 4]);
 * maxPool2d(x, { kernelSize: 2 }).toArray(); // [[[[6, 8], [14, 16]]]]
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  expectTensor('maxPool2d', 'input', x);
  const info = computePool2dInfo('maxPool2d', x.shape, options);
  return getBackend().maxPool2d(x, info);
}

/**
 * Back-propagates dL/dY through {@link maxPool2d}: each output's gradient goes to the first
 * maximum of its window in row-major order (PyTorch's tie rule); overlapping windows add up.
 *
 * @example
 * const dx = maxPool2dBackward(ones([1, 1, 2, 2]), x, { kernelSize: 2 });
 */
export function maxPool2dBackward(dy: Tensor, x: Tensor, options: Pool2dOptions): Tensor {
  expectTensor('maxPool2dBackward', 'dy', dy);
  expectTensor('maxPool2dBackward', 'input', x);
  const info = computePool2dInfo('maxPool2dBackward', x.shape, options);
  expectSameShape('maxPool2dBackward', 'dy', dy, outputShape(info), 'the output');
  return getBackend().maxPool2dBackward(dy, x, info);
}

/**
 * 2D average pooling of an `[N, C, H, W]` input, with PyTorch's divisors: by default
 * (`countIncludePad: true`) padded zeros count in a window's size, otherwise only real inputs do.
 * `dilation` is refused.
 *
 * @example
 * const x = tensor([1, 2, 3, 4], [1, 1, 2, 2]);
 * avgPool2d(x, { kernelSize: 2 }).toArray(); // [[[[2.5]]]]
 */
export function avgPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  expectTensor('avgPool2d', 'input', x);
  const info = avgPoolInfo('avgPool2d', x, options);
  return getBackend().avgPool2d(x, info);
}

/**
 * Back-propagates dL/dY through {@link avgPool2d}: each output's gradient is shared over its
 * window's real inputs, divided by the same divisor as the forward pass. `x` gives only the shape.
 *
 * @example
 * avgPool2dBackward(ones([1, 1, 1, 1]), x, { kernelSize: 2 }).toArray(); // [[[[0.25, 0.25], [0.25, 0.25]]]]
 */
export function avgPool2dBackward(dy: Tensor, x: Tensor, options: Pool2dOptions): Tensor {
  expectTensor('avgPool2dBackward', 'dy', dy);
  expectTensor('avgPool2dBackward', 'input', x);
  const info = avgPoolInfo('avgPool2dBackward', x, options);
  expectSameShape('avgPool2dBackward', 'dy', dy, outputShape(info), 'the output');
  return getBackend().avgPool2dBackward(dy, info);
}

/**
 * Mean of each `[H, W]` feature map: `[N, C, H, W]` → `[N, C, 1, 1]`.
 *
 * @example
 * globalAvgPool2d(tensor([1, 2, 3, 6], [1, 1, 2, 2])).toArray(); // [[[[3]]]]
 */
export function globalAvgPool2d(x: Tensor): Tensor {
  expectTensor('globalAvgPool2d', 'input', x);
  return getBackend().avgPool2d(x, globalInfo('globalAvgPool2d', x));
}

/**
 * Back-propagates dL/dY (`[N, C, 1, 1]`) through {@link globalAvgPool2d}: every input of a map
 * receives its map's gradient divided by H·W.
 *
 * @example
 * globalAvgPool2dBackward(ones([1, 1, 1, 1]), zeros([1, 1, 2, 2])).toArray(); // [[[[0.25, 0.25], [0.25, 0.25]]]]
 */
export function globalAvgPool2dBackward(dy: Tensor, x: Tensor): Tensor {
  expectTensor('globalAvgPool2dBackward', 'dy', dy);
  expectTensor('globalAvgPool2dBackward', 'input', x);
  const info = globalInfo('globalAvgPool2dBackward', x);
  expectSameShape('globalAvgPool2dBackward', 'dy', dy, outputShape(info), 'the output');
  return getBackend().avgPool2dBackward(dy, info);
}
