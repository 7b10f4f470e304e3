import { getBackend } from '../backend-registry.js';
import { fail, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { expectRank } from '../shape.js';
import { expectBias, expectSameShape, expectTensor } from './check.js';

/** Gradients of {@link linear}. */
export interface LinearGradients {
  dx: Tensor;
  dweight: Tensor;
  dbias?: Tensor;
}

function checkLinear(op: string, x: Tensor, weight: Tensor, bias: Tensor | null | undefined): void {
  expectTensor(op, 'input', x);
  expectTensor(op, 'weight', weight);
  expectRank(op, 'input', x.shape, 2, 'N,features; flatten images first');
  expectRank(op, 'weight', weight.shape, 2, 'out,in');
  if (weight.shape[1] !== x.shape[1]) {
    fail(op, 'weight', `shape ${formatShape(weight.shape)} expects ${weight.shape[1]} input features, but the input ${formatShape(x.shape)} has ${x.shape[1]}`);
  }
  expectBias(op, bias, weight.shape[0]);
}

/**
 * A dense (fully connected) layer, y = x·Wᵀ + b, as in the document's y = σ(Wx + b).
 * x is `[N, in]`, weight `[out, in]` (PyTorch's layout), bias `[out]`.
 *
 * @example
 * linear(flatten(features), randn([10, 9216], { seed: 1 }), zeros([10]));
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  checkLinear('linear', x, weight, bias);
  const backend = getBackend();
  const y = backend.matMul(x, weight, false, true);
  return bias ? backend.addChannelBias(y, bias) : y;
}

/**
 * Gradients of {@link linear}: dX = dY·W, dW = dYᵀ·X, dB = Σ_n dY.
 *
 * @example
 * const { dx, dweight, dbias } = linearBackward(dy, x, w, b);
 */
export function linearBackward(dy: Tensor, x: Tensor, weight: Tensor, bias?: Tensor | null): LinearGradients {
  checkLinear('linearBackward', x, weight, bias);
  expectTensor('linearBackward', 'dy', dy);
  expectSameShape('linearBackward', 'dy', dy, [x.shape[0], weight.shape[0]], 'the output');
  const backend = getBackend();
  return {
    dx: backend.matMul(dy, weight, false, false),
    dweight: backend.matMul(dy, x, true, false),
    ...(bias ? { dbias: backend.sumToChannels(dy) } : {}),
  };
}
