import type { ClassLossOptions, LossReduction } from '../backend.js';
import { getBackend } from '../backend-registry.js';
import { fail, formatShape } from '../errors.js';
import { describe } from '../shape.js';
import { Tensor } from '../tensor.js';
import { expectFinite, expectSameShape, expectTensor } from './check.js';

/** Class indices: one per sample (and per position for dense maps). */
export type Targets = Int32Array | readonly number[] | Tensor;

function checkTargets(op: string, logits: Tensor, targets: Targets, inputName = 'logits'): Int32Array {
  expectTensor(op, inputName, logits);
  if (logits.rank < 2) fail(op, inputName, `must be [N, C] or [N, C, ...], got shape ${formatShape(logits.shape)}`);
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

/** Options of {@link crossEntropy} and {@link nllLoss}, as PyTorch's arguments of the same meaning. */
export interface ClassLossArguments {
  /** 'mean' (default) over every (sample, position), 'sum', or 'none': one loss per (sample, position), shape [N, ...]. */
  reduction?: LossReduction;
  /** crossEntropy only: PyTorch's `label_smoothing` in [0, 1]; the target becomes (1 - s)·onehot + s/C. Default 0. */
  labelSmoothing?: number;
}

function resolveLoss(op: string, options: ClassLossArguments | undefined, fromLogits: boolean): ClassLossOptions {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options) || options instanceof Tensor)) {
    fail(op, 'options', `must be an options object ({ reduction, labelSmoothing }), got ${describe(options)}`);
  }
  const { reduction = 'mean', labelSmoothing = 0 } = options ?? {};
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') fail(op, 'reduction', `must be 'mean', 'sum' or 'none', got ${describe(reduction)}`);
  if (!fromLogits && labelSmoothing !== 0) fail(op, 'labelSmoothing', `is not an option of nllLoss (PyTorch's nll_loss has none); use crossEntropy on logits, got ${describe(labelSmoothing)}`);
  if (typeof labelSmoothing !== 'number' || !(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    fail(op, 'labelSmoothing', `must be a number in [0, 1], got ${describe(labelSmoothing)}`);
  }
  return { reduction, labelSmoothing, fromLogits };
}

/** The loss's shape: [] when reduced, the targets' [N, ...] for 'none'. */
const lossShape = (input: Tensor, reduction: LossReduction): number[] => (reduction === 'none' ? [input.shape[0], ...input.shape.slice(2)] : []);

/** dLoss as a tensor of the loss's shape: a number for a reduced loss, a tensor for any. */
function upstream(op: string, input: Tensor, dLoss: number | Tensor, reduction: LossReduction): Tensor {
  const shape = lossShape(input, reduction);
  if (typeof dLoss === 'number') {
    expectFinite(op, 'dLoss', dLoss);
    if (reduction === 'none') fail(op, 'dLoss', `must be a Tensor of shape ${formatShape(shape)} for reduction 'none', got the number ${dLoss}`);
    return new Tensor(Float32Array.of(dLoss), []);
  }
  expectTensor(op, 'dLoss', dLoss);
  expectSameShape(op, 'dLoss', dLoss, shape, 'the loss');
  return dLoss;
}

/**
 * Cross-entropy of logits against class indices, as PyTorch's `F.cross_entropy`: logits
 * `[N, C]` with targets `[N]`, or dense maps `[N, C, H, W]` with targets `[N, H, W]` (per-pixel
 * loss). Mean by default (a scalar tensor, shape `[]`); `reduction` and `labelSmoothing` as
 * PyTorch's. No class weights, no ignored index.
 *
 * @example
 * crossEntropy(tensor([[2, 0.5, -1]]), [0]).data[0]; // 0.241
 * crossEntropy(logits, labels, { reduction: 'none', labelSmoothing: 0.1 }); // shape [N]
 */
export function crossEntropy(logits: Tensor, targets: Targets, options?: ClassLossArguments): Tensor {
  const indices = checkTargets('crossEntropy', logits, targets);
  return getBackend().classLoss(logits, indices, resolveLoss('crossEntropy', options, true));
}

/**
 * dLoss/dlogits of {@link crossEntropy}: (softmax(logits) - target distribution) · dLoss, over
 * the count for 'mean'. `dLoss` is a number for a reduced loss, or a tensor of the loss's shape.
 *
 * @example
 * const dlogits = crossEntropyBackward(logits, labels); // dLoss defaults to 1
 */
export function crossEntropyBackward(logits: Tensor, targets: Targets, dLoss: number | Tensor = 1, options?: ClassLossArguments): Tensor {
  const indices = checkTargets('crossEntropyBackward', logits, targets);
  const resolved = resolveLoss('crossEntropyBackward', options, true);
  return getBackend().classLossBackward(logits, indices, upstream('crossEntropyBackward', logits, dLoss, resolved.reduction), resolved);
}

/**
 * Negative log-likelihood of log-probabilities (e.g. a logSoftmax's output), as PyTorch's
 * `F.nll_loss`: input `[N, C, ...]`, targets `[N, ...]`; reduction 'mean' (default), 'sum' or 'none'.
 * `nllLoss(logSoftmax(x), t)` equals `crossEntropy(x, t)`.
 *
 * @example
 * nllLoss(logSoftmax(logits), labels, { reduction: 'sum' });
 */
export function nllLoss(logProbabilities: Tensor, targets: Targets, options?: Omit<ClassLossArguments, 'labelSmoothing'>): Tensor {
  const indices = checkTargets('nllLoss', logProbabilities, targets, 'input');
  return getBackend().classLoss(logProbabilities, indices, resolveLoss('nllLoss', options, false));
}

/**
 * dLoss/dinput of {@link nllLoss}: -dLoss at each target (over the count for 'mean'), 0 elsewhere.
 *
 * @example
 * const dlogp = nllLossBackward(logp, labels); // then logSoftmaxBackward(dlogp, logp)
 */
export function nllLossBackward(logProbabilities: Tensor, targets: Targets, dLoss: number | Tensor = 1, options?: Omit<ClassLossArguments, 'labelSmoothing'>): Tensor {
  const indices = checkTargets('nllLossBackward', logProbabilities, targets, 'input');
  const resolved = resolveLoss('nllLossBackward', options, false);
  return getBackend().classLossBackward(logProbabilities, indices, upstream('nllLossBackward', logProbabilities, dLoss, resolved.reduction), resolved);
}
