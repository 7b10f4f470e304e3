import { getBackend } from '../backend-registry.js';
import { type Conv2dGeometry, computeConv2dInfo } from '../conv-info.js';
import type { Conv2dInfo } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectBias, expectSameShape, expectTensor, optionsOf } from './check.js';

/** Options of {@link conv2d}: PyTorch's names, plus `'same'` and four-sided padding. */
export interface Conv2dOptions extends Conv2dGeometry {
  /** One value per output channel, added to every position of its feature map; `null` means none. */
  bias?: Tensor | null;
}

/** Gradients of a convolution: dL/dX, dL/dF (the document's dL/dF) and dL/dB when a bias was given. */
export interface Conv2dGradients {
  dx: Tensor;
  dweight: Tensor;
  dbias?: Tensor;
}

/**
 * 2D convolution (cross-correlation, as in the source document and every framework):
 * `y[n, co, i, j] = Σ_{ci, m, k} x[n, ci, i*s + m*d - pad, j*s + k*d - pad] · w[co, ci, m, k] + b[co]`.
 * x is `[N, Cin, H, W]`, weight `[Cout, Cin / groups, kH, kW]`.
 *
 * @example
 * const x = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]).reshape([1, 1, 3, 3]);
 * const f = tensor([[1, 0], [0, 1]]).reshape([1, 1, 2, 2]);
 * conv2d(x, f).toArray(); // [[[[6, 8], [12, 14]]]]
 */
export function conv2d(x: Tensor, weight: Tensor, options: Conv2dOptions | null = {}): Tensor {
  expectTensor('conv2d', 'input', x);
  expectTensor('conv2d', 'weight', weight);
  const resolved = optionsOf('conv2d', options);
  const info = computeConv2dInfo('conv2d', x.shape, weight.shape, resolved);
  expectBias('conv2d', resolved.bias, info.outChannels);
  return getBackend().conv2d(x, weight, resolved.bias ?? undefined, info);
}

/**
 * Back-propagates dL/dY through {@link conv2d}: dL/dX, dL/dF and, when `options.bias` is set, dL/dB.
 * dL/dF[co, ci, m, k] sums dL/dY times the input values each weight touched, as the document's
 * dL/dF11 = Σ dL/dO_ij · X_ij shows for one weight.
 *
 * @example
 * const { dx, dweight } = conv2dBackward(ones(y.shape), x, w);
 */
export function conv2dBackward(dy: Tensor, x: Tensor, weight: Tensor, options: Conv2dOptions | null = {}): Conv2dGradients {
  const { info, bias } = checkBackward('conv2dBackward', dy, x, weight, options);
  const backend = getBackend();
  return {
    dx: backend.conv2dBackwardInput(dy, weight, info),
    dweight: backend.conv2dBackwardFilter(x, dy, info),
    ...(bias ? { dbias: backend.sumToChannels(dy) } : {}),
  };
}

/**
 * The parameters' gradients of {@link conv2d} alone: dL/dF and, when `options.bias` is set, dL/dB,
 * without dL/dX. A first layer in training needs no gradient toward the images, and that
 * gradient costs as much as the forward pass.
 *
 * @example
 * const { dweight, dbias } = conv2dParameterGradients(dy, x, w, { bias: b });
 */
export function conv2dParameterGradients(dy: Tensor, x: Tensor, weight: Tensor, options: Conv2dOptions | null = {}): Omit<Conv2dGradients, 'dx'> {
  const { info, bias } = checkBackward('conv2dParameterGradients', dy, x, weight, options);
  const backend = getBackend();
  return {
    dweight: backend.conv2dBackwardFilter(x, dy, info),
    ...(bias ? { dbias: backend.sumToChannels(dy) } : {}),
  };
}

function checkBackward(op: string, dy: Tensor, x: Tensor, weight: Tensor, options: Conv2dOptions | null): { info: Conv2dInfo; bias: Tensor | null | undefined } {
  expectTensor(op, 'dy', dy);
  expectTensor(op, 'input', x);
  expectTensor(op, 'weight', weight);
  const resolved = optionsOf(op, options);
  const info = computeConv2dInfo(op, x.shape, weight.shape, resolved);
  expectBias(op, resolved.bias, info.outChannels);
  expectSameShape(op, 'dy', dy, [info.batch, info.outChannels, info.outHeight, info.outWidth], 'the output');
  return { info, bias: resolved.bias };
}
