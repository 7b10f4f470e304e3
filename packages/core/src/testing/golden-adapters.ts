import { batchNorm2d, batchNorm2dBackward, type BatchNormOptions } from '../ops/batch-norm.js';
import { type ClassLossArguments, crossEntropy, crossEntropyBackward, nllLoss, nllLossBackward } from '../ops/cross-entropy.js';
import { dropout, dropoutBackward, type DropoutOptions } from '../ops/dropout.js';
import { localResponseNorm, localResponseNormBackward, type LocalResponseNormOptions } from '../ops/local-response-norm.js';
import { logSoftmax, logSoftmaxBackward } from '../ops/softmax.js';
import type { Tensor } from '../tensor.js';
import { layerAdapters } from './layer-adapters.js';

/** Inputs and gradients of a case: a tensor, or a list of them (concat). */
export type TensorArgs = Record<string, Tensor | Tensor[]>;
type Params = Record<string, unknown>;

/** How to call one op of the public API from a fixture's inputs and params. */
export interface OpAdapter {
  forward(inputs: TensorArgs, params: Params): Tensor;
  backward(dy: Tensor, inputs: TensorArgs, params: Params): TensorArgs;
  /** What the op returns besides its output, checked against a fixture's `state`. */
  state?(inputs: TensorArgs, params: Params): Record<string, Tensor>;
}

const t = (args: TensorArgs, name: string): Tensor => args[name] as Tensor;
const optional = (args: TensorArgs, name: string): Tensor | undefined => args[name] as Tensor | undefined;
const targetsOf = (inputs: TensorArgs): number[] => Array.from(t(inputs, 'targets').data);
const batchNormOptions = (i: TensorArgs, p: Params): BatchNormOptions => ({
  ...(p as BatchNormOptions),
  weight: optional(i, 'weight'),
  bias: optional(i, 'bias'),
  runningMean: optional(i, 'runningMean'),
  runningVar: optional(i, 'runningVar'),
});

function pointwise(forward: (x: Tensor, p: Params) => Tensor, backward: (dy: Tensor, x: Tensor, p: Params) => Tensor): OpAdapter {
  return {
    forward: (inputs, p) => forward(t(inputs, 'x'), p),
    backward: (dy, inputs, p) => ({ x: backward(dy, t(inputs, 'x'), p) }),
  };
}

/**
 * One adapter per op that has golden fixtures, keyed by the fixture's `op`: every layer kind's
 * through its spec (derived from the registry), plus the ops that are not layers.
 */
export const goldenAdapters: Record<string, OpAdapter> = {
  ...layerAdapters(),
  logSoftmax: pointwise((x, p) => logSoftmax(x, p), (dy, x, p) => logSoftmaxBackward(dy, logSoftmax(x, p), p)),
  crossEntropy: {
    forward: (i, p) => crossEntropy(t(i, 'logits'), targetsOf(i), p as ClassLossArguments),
    backward: (dy, i, p) => ({ logits: crossEntropyBackward(t(i, 'logits'), targetsOf(i), dy, p as ClassLossArguments) }),
  },
  nllLoss: {
    forward: (i, p) => nllLoss(t(i, 'input'), targetsOf(i), p as ClassLossArguments),
    backward: (dy, i, p) => ({ input: nllLossBackward(t(i, 'input'), targetsOf(i), dy, p as ClassLossArguments) }),
  },
  batchNorm2d: {
    forward: (i, p) => batchNorm2d(t(i, 'x'), batchNormOptions(i, p)).output,
    backward: (dy, i, p) => {
      const { dx, dweight, dbias } = batchNorm2dBackward(dy, t(i, 'x'), batchNormOptions(i, p));
      return { x: dx, ...(dweight ? { weight: dweight } : {}), ...(dbias ? { bias: dbias } : {}) };
    },
    state: (i, p) => {
      const { runningMean, runningVar } = batchNorm2d(t(i, 'x'), batchNormOptions(i, p));
      return { ...(runningMean ? { runningMean } : {}), ...(runningVar ? { runningVar } : {}) };
    },
  },
  dropout: pointwise((x, p) => dropout(x, p as DropoutOptions), (dy, _x, p) => dropoutBackward(dy, p as DropoutOptions)),
  localResponseNorm: pointwise(
    (x, p) => localResponseNorm(x, p as unknown as LocalResponseNormOptions),
    (dy, x, p) => localResponseNormBackward(dy, x, p as unknown as LocalResponseNormOptions),
  ),
};
