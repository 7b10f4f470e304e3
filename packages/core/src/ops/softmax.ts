import { getBackend } from '../backend-registry.js';
import { fail, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { expectSameShape, expectTensor } from './check.js';

/** Options of {@link softmax} and {@link logSoftmax}. */
export interface SoftmaxOptions {
  /** The axis that sums to one; default 1, the class axis of [N, C] and of [N, C, H, W] maps. */
  dim?: number;
}

function resolveAxis(op: string, x: Tensor, options: SoftmaxOptions): number {
  const rank = x.rank;
  const dim = options.dim ?? 1;
  const axis = dim < 0 ? dim + rank : dim;
  if (!Number.isInteger(dim) || axis < 0 || axis >= rank) {
    fail(op, 'dim', `must be an integer in [${-rank}, ${rank - 1}] for shape ${formatShape(x.shape)}, got ${dim}`);
  }
  return axis;
}

/**
 * Softmax along `dim`: e^x / Σ e^x, shifted by the maximum so large logits cannot overflow.
 *
 * @example
 * softmax(tensor([[1, 2, 3]])); // [[0.090, 0.245, 0.665]]
 */
export function softmax(x: Tensor, options: SoftmaxOptions = {}): Tensor {
  expectTensor('softmax', 'input', x);
  return getBackend().softmax(x, resolveAxis('softmax', x, options), false);
}

/** dL/dX of {@link softmax} from dL/dY and the forward output y. */
export function softmaxBackward(dy: Tensor, y: Tensor, options: SoftmaxOptions = {}): Tensor {
  expectTensor('softmaxBackward', 'dy', dy);
  expectTensor('softmaxBackward', 'output', y);
  expectSameShape('softmaxBackward', 'dy', dy, y.shape, 'the output');
  return getBackend().softmaxBackward(dy, y, resolveAxis('softmaxBackward', y, options), false);
}

/**
 * log(softmax(x)) computed as x - logsumexp(x), stable where softmax underflows.
 *
 * @example
 * logSoftmax(tensor([[0, 0]])); // [[-0.693, -0.693]]
 */
export function logSoftmax(x: Tensor, options: SoftmaxOptions = {}): Tensor {
  expectTensor('logSoftmax', 'input', x);
  return getBackend().softmax(x, resolveAxis('logSoftmax', x, options), true);
}

/** dL/dX of {@link logSoftmax} from dL/dY and the forward output y. */
export function logSoftmaxBackward(dy: Tensor, y: Tensor, options: SoftmaxOptions = {}): Tensor {
  expectTensor('logSoftmaxBackward', 'dy', dy);
  expectTensor('logSoftmaxBackward', 'output', y);
  expectSameShape('logSoftmaxBackward', 'dy', dy, y.shape, 'the output');
  return getBackend().softmaxBackward(dy, y, resolveAxis('logSoftmaxBackward', y, options), true);
}
