import type { LocalResponseNormParams } from '../backend.js';
import { getBackend } from '../backend-registry.js';
import { fail, formatShape } from '../errors.js';
import { describe } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectFinite, expectSameShape, expectTensor, optionsOf } from './check.js';

/** Options of {@link localResponseNorm}; PyTorch's defaults, except `size`, which it requires. */
export interface LocalResponseNormOptions {
  /** Channels in the window (AlexNet: 5). */
  size: number;
  /** default 1e-4 (PyTorch divides it by size; the AlexNet paper's 1e-4 does not). */
  alpha?: number;
  /** default 0.75. */
  beta?: number;
  /** default 1 (the AlexNet paper: 2). */
  k?: number;
}

function resolve(op: string, x: Tensor, raw: LocalResponseNormOptions | null | undefined): LocalResponseNormParams {
  expectTensor(op, 'input', x);
  if (x.rank < 3) fail(op, 'input', `must be [N, C, ...] of rank 3 or more (normalised across channels), got shape ${formatShape(x.shape)}`);
  const options = optionsOf(op, raw) as Partial<LocalResponseNormOptions>;
  const { size, alpha = 1e-4, beta = 0.75, k = 1 } = options;
  if (size === undefined) fail(op, 'size', 'is required (channels in the window, e.g. 5)');
  if (!Number.isInteger(size) || size < 1) fail(op, 'size', `must be a positive integer, got ${describe(size)}`);
  expectFinite(op, 'alpha', alpha);
  expectFinite(op, 'beta', beta);
  expectFinite(op, 'k', k);
  if (!(k > 0) || alpha < 0) fail(op, k > 0 ? 'alpha' : 'k', `must keep k + alpha/size·Σx² positive (k > 0, alpha ≥ 0), got k ${k}, alpha ${alpha}`);
  return { size, alpha, beta, k };
}

/**
 * Local response normalisation across channels, as `torch.nn.LocalResponseNorm(size, alpha,
 * beta, k)`: y = x / (k + alpha/size · Σ x²)^beta, the sum over `size` neighbouring channels
 * (zero-padded at the ends). The AlexNet paper's values are n = 5, α = 1e-4, β = 0.75, k = 2,
 * with α on the undivided sum; PyTorch (and this op) divides alpha by size, so the paper's
 * formula is alpha 5e-4 here, and alpha 1e-4 (what most ports write) is α = 2e-5.
 *
 * @example
 * localResponseNorm(x, { size: 5, alpha: 1e-4, beta: 0.75, k: 2 });
 */
export function localResponseNorm(x: Tensor, options: LocalResponseNormOptions): Tensor {
  return getBackend().localResponseNorm(x, resolve('localResponseNorm', x, options));
}

/**
 * dL/dx of {@link localResponseNorm}, including how each neighbour's x² moves the denominator.
 *
 * @example
 * localResponseNormBackward(dy, x, { size: 5 });
 */
export function localResponseNormBackward(dy: Tensor, x: Tensor, options: LocalResponseNormOptions): Tensor {
  const params = resolve('localResponseNormBackward', x, options);
  expectTensor('localResponseNormBackward', 'dy', dy);
  expectSameShape('localResponseNormBackward', 'dy', dy, x.shape, 'the input');
  return getBackend().localResponseNormBackward(dy, x, params);
}
