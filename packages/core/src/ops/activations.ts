import type { ActivationKind } from '../backend.js';
import { getBackend } from '../backend-registry.js';
import type { Tensor } from '../tensor.js';
import { expectFiniteFloat32, expectSameShape, expectTensor } from './check.js';

function forward(kind: ActivationKind, x: Tensor, alpha: number): Tensor {
  expectTensor(kind, 'input', x);
  return getBackend().activation(kind, x, alpha);
}

function backward(kind: ActivationKind, dy: Tensor, x: Tensor, alpha: number): Tensor {
  const op = `${kind}Backward`;
  expectTensor(op, 'dy', dy);
  expectTensor(op, 'input', x);
  expectSameShape(op, 'dy', dy, x.shape, 'the input');
  const backend = getBackend();
  // sigmoid and tanh differentiate through their output; recomputing it keeps the API (dy, x).
  const y = kind === 'sigmoid' || kind === 'tanh' ? backend.activation(kind, x, alpha) : x;
  return backend.activationBackward(kind, dy, x, y, alpha);
}

/**
 * max(0, x), elementwise.
 *
 * @example
 * relu(tensor([-1, 2])).toArray(); // [0, 2]
 */
export const relu = (x: Tensor): Tensor => forward('relu', x, 0);
/** dL/dX of {@link relu}: dy where x > 0, else 0 (also at exactly 0, as PyTorch). */
export const reluBackward = (dy: Tensor, x: Tensor): Tensor => backward('relu', dy, x, 0);

/** Options of {@link leakyRelu}. */
export interface LeakyReluOptions {
  /** Slope for negative inputs; PyTorch's default 0.01. */
  negativeSlope?: number;
}

function slopeOf(op: string, options: LeakyReluOptions): number {
  const slope = options.negativeSlope ?? 0.01;
  expectFiniteFloat32(op, 'negativeSlope', slope);
  return slope;
}

/**
 * x for x > 0, negativeSlope · x otherwise.
 *
 * @example
 * leakyRelu(tensor([-2, 3]), { negativeSlope: 0.1 }).toArray(); // [-0.2, 3]
 */
export const leakyRelu = (x: Tensor, options: LeakyReluOptions = {}): Tensor => forward('leakyRelu', x, slopeOf('leakyRelu', options));
/** dL/dX of {@link leakyRelu}. */
export const leakyReluBackward = (dy: Tensor, x: Tensor, options: LeakyReluOptions = {}): Tensor =>
  backward('leakyRelu', dy, x, slopeOf('leakyReluBackward', options));

/**
 * 1 / (1 + e^-x), computed without overflow for large |x|.
 *
 * @example
 * sigmoid(tensor([0])).toArray(); // [0.5]
 */
export const sigmoid = (x: Tensor): Tensor => forward('sigmoid', x, 0);
/** dL/dX of {@link sigmoid}: dy · σ(x) · (1 - σ(x)). */
export const sigmoidBackward = (dy: Tensor, x: Tensor): Tensor => backward('sigmoid', dy, x, 0);

/**
 * Hyperbolic tangent.
 *
 * @example
 * tanh(tensor([0])).toArray(); // [0]
 */
export const tanh = (x: Tensor): Tensor => forward('tanh', x, 0);
/** dL/dX of {@link tanh}: dy · (1 - tanh(x)²). */
export const tanhBackward = (dy: Tensor, x: Tensor): Tensor => backward('tanh', dy, x, 0);
