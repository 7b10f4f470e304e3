import { getBackend } from '../backend-registry.js';
import { fail, formatShape } from '../errors.js';
import { describe } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectFinite, expectSameShape, expectTensor, optionsOf } from './check.js';

/** Options of {@link batchNorm2d}, as the arguments of PyTorch's `F.batch_norm`. */
export interface BatchNormOptions {
  /** Running mean [C]: required in eval mode; updated (as a new tensor) in training. */
  runningMean?: Tensor | null;
  /** Running variance [C]: required in eval mode; updated with the unbiased batch variance in training. */
  runningVar?: Tensor | null;
  /** gamma [C]; none means 1 (affine = False). */
  weight?: Tensor | null;
  /** beta [C]; none means 0. */
  bias?: Tensor | null;
  /** Batch statistics (true, default) or the running ones (false, eval). */
  training?: boolean;
  /** Weight of the new batch statistic in the running average; default 0.1. */
  momentum?: number;
  /** Added to the variance before the square root; default 1e-5. */
  eps?: number;
}

/** What {@link batchNorm2d} returns: the output and, in training with running statistics, their new values. */
export interface BatchNormResult {
  output: Tensor;
  /** runningMean·(1 - momentum) + batch mean·momentum; the input's own runningMean in eval mode. */
  runningMean?: Tensor;
  /** runningVar·(1 - momentum) + unbiased batch variance·momentum; unchanged in eval mode. */
  runningVar?: Tensor;
}

/** Gradients of {@link batchNorm2d}; dweight and dbias only where weight and bias were given. */
export interface BatchNormGradients {
  dx: Tensor;
  dweight?: Tensor;
  dbias?: Tensor;
}

interface Resolved {
  runningMean?: Tensor;
  runningVar?: Tensor;
  weight?: Tensor;
  bias?: Tensor;
  training: boolean;
  momentum: number;
  eps: number;
}

function perChannel(op: string, name: string, value: Tensor | null | undefined, channels: number): Tensor | undefined {
  if (value === undefined || value === null) return undefined;
  expectTensor(op, name, value);
  if (value.rank !== 1 || value.shape[0] !== channels) fail(op, name, `must have shape [${channels}] (one value per channel), got ${formatShape(value.shape)}`);
  return value;
}

function resolve(op: string, x: Tensor, raw: BatchNormOptions | null | undefined): Resolved {
  expectTensor(op, 'input', x);
  if (x.rank < 2) fail(op, 'input', `must be [N, C] or [N, C, H, W], got shape ${formatShape(x.shape)}`);
  const options = optionsOf(op, raw) as BatchNormOptions;
  const channels = x.shape[1];
  const { training = true, momentum = 0.1, eps = 1e-5 } = options;
  if (typeof training !== 'boolean') fail(op, 'training', `must be true or false, got ${describe(training)}`);
  expectFinite(op, 'momentum', momentum);
  if (momentum < 0 || momentum > 1) fail(op, 'momentum', `must lie in [0, 1], got ${momentum}`);
  expectFinite(op, 'eps', eps);
  if (!(eps > 0)) fail(op, 'eps', `must be positive (it keeps 1/sqrt(variance + eps) finite), got ${eps}`);
  const resolved: Resolved = {
    runningMean: perChannel(op, 'runningMean', options.runningMean, channels),
    runningVar: perChannel(op, 'runningVar', options.runningVar, channels),
    weight: perChannel(op, 'weight', options.weight, channels),
    bias: perChannel(op, 'bias', options.bias, channels),
    training,
    momentum,
    eps,
  };
  if (!resolved.runningMean !== !resolved.runningVar) fail(op, resolved.runningMean ? 'runningVar' : 'runningMean', 'must be given together with the other running statistic');
  if (!training && !resolved.runningMean) fail(op, 'runningMean', 'is required in eval mode (training: false): it normalises with the running statistics');
  const count = x.size / channels;
  if (training && count <= 1) fail(op, 'input', `needs more than 1 value per channel in training, got shape ${formatShape(x.shape)}`);
  return resolved;
}

/**
 * Batch normalisation over axis 1, as `torch.nn.BatchNorm2d` (and `F.batch_norm`): in training,
 * each channel is normalised with its mean and biased variance over N, H and W, and the running
 * statistics move by `momentum` towards the batch mean and the UNBIASED variance; in eval mode
 * the running statistics normalise. Tensors are values: the new running statistics are returned.
 *
 * @example
 * const { output, runningMean, runningVar } = batchNorm2d(x, { runningMean: zeros([C]), runningVar: ones([C]) });
 * batchNorm2d(x, { runningMean, runningVar, weight, bias, training: false }).output;
 */
export function batchNorm2d(x: Tensor, options?: BatchNormOptions | null): BatchNormResult {
  const r = resolve('batchNorm2d', x, options);
  const backend = getBackend();
  if (!r.training) {
    const output = backend.channelNormalize(x, r.runningMean as Tensor, r.runningVar as Tensor, r.weight, r.bias, r.eps);
    return { output, runningMean: r.runningMean, runningVar: r.runningVar };
  }
  const { mean, variance } = backend.channelMoments(x);
  const output = backend.channelNormalize(x, mean, variance, r.weight, r.bias, r.eps);
  if (!r.runningMean || !r.runningVar) return { output };
  const count = x.size / x.shape[1];
  const runningMean = backend.scaleAdd(r.runningMean, mean, 1 - r.momentum, r.momentum);
  const runningVar = backend.scaleAdd(r.runningVar, variance, 1 - r.momentum, (r.momentum * count) / (count - 1));
  return { output, runningMean, runningVar };
}

/**
 * dL/dx (through the batch statistics in training, an affine map in eval mode) and, where given,
 * dL/dweight = Σ dy·x̂ and dL/dbias = Σ dy per channel. Pass the options of the forward call (the
 * running statistics before its update); training recomputes the batch statistics from x.
 *
 * @example
 * const { dx, dweight, dbias } = batchNorm2dBackward(dy, x, { weight, bias });
 */
export function batchNorm2dBackward(dy: Tensor, x: Tensor, options?: BatchNormOptions | null): BatchNormGradients {
  const r = resolve('batchNorm2dBackward', x, options);
  expectTensor('batchNorm2dBackward', 'dy', dy);
  expectSameShape('batchNorm2dBackward', 'dy', dy, x.shape, 'the input');
  const backend = getBackend();
  const { mean, variance } = r.training ? backend.channelMoments(x) : { mean: r.runningMean as Tensor, variance: r.runningVar as Tensor };
  const { dx, dgamma, dbeta } = backend.channelNormalizeBackward(dy, x, mean, variance, r.weight, r.eps, r.training);
  return { dx, ...(r.weight ? { dweight: dgamma } : {}), ...(r.bias ? { dbias: dbeta } : {}) };
}
