import { getBackend } from '../backend-registry.js';
import { fail, formatShape } from '../errors.js';
import { Tensor } from '../tensor.js';
import { expectFinite, expectTensor } from './check.js';

/** Class indices: one per sample (and per position for dense maps). */
export type Targets = Int32Array | readonly number[] | Tensor;

function checkTargets(op: string, logits: Tensor, targets: Targets): Int32Array {
  expectTensor(op, 'logits', logits);
  if (logits.rank < 2) fail(op, 'logits', `must be [N, C] or [N, C, ...], got shape ${formatShape(logits.shape)}`);
  const expected = [logits.shape[0], ...logits.shape.slice(2)];
  const count = expected.reduce((a, b) => a * b, 1);
  const values = targets instanceof Tensor ? targets.data : targets;
  if (values === null || values === undefined || typeof values !== 'object' || typeof values.length !== 'number') {
    return fail(op, 'targets', `must be class indices (Int32Array, number[] or Tensor), got ${String(values)}`);
  }
  if (targets instanceof Tensor && targets.shape.join() !== expected.join()) {
    fail(op, 'targets', `must have shape ${formatShape(expected)} for logits ${formatShape(logits.shape)}, got ${formatShape(targets.shape)}`);
  }
  if (values.length !== count) {
    fail(op, 'targets', `must hold ${count} class indices for logits ${formatShape(logits.shape)}, got ${values.length}`);
  }
  const classes = logits.shape[1];
  const indices = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const t = values[i];
    if (!Number.isInteger(t) || t < 0 || t >= classes) {
      fail(op, 'targets', `must be integers in [0, ${classes - 1}], got ${t} at index ${i}`);
    }
    indices[i] = t;
  }
  return indices;
}

/**
 * Mean cross-entropy of logits against class indices, as PyTorch's `F.cross_entropy`:
 * logits `[N, C]` with targets `[N]`, or dense maps `[N, C, H, W]` with targets `[N, H, W]`.
 * Returns a scalar tensor (shape `[]`).
 *
 * @example
 * crossEntropy(tensor([[2, 0.5, -1]]), [0]).data[0]; // 0.241
 */
export function crossEntropy(logits: Tensor, targets: Targets): Tensor {
  return getBackend().crossEntropy(logits, checkTargets('crossEntropy', logits, targets));
}

/**
 * dLoss/dlogits of {@link crossEntropy}: (softmax(logits) - onehot(targets)) · dLoss / count.
 *
 * @example
 * const dlogits = crossEntropyBackward(logits, labels); // dLoss defaults to 1
 */
export function crossEntropyBackward(logits: Tensor, targets: Targets, dLoss = 1): Tensor {
  expectFinite('crossEntropyBackward', 'dLoss', dLoss);
  return getBackend().crossEntropyBackward(logits, checkTargets('crossEntropyBackward', logits, targets), dLoss);
}
