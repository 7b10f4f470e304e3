import { add, concat, concatBackward } from '../ops/combine.js';
import { conv2d, conv2dBackward } from '../ops/conv2d.js';
import { convTranspose2d, convTranspose2dBackward } from '../ops/conv-transpose2d.js';
import { batchNorm2d, batchNorm2dBackward, type BatchNormOptions } from '../ops/batch-norm.js';
import { type ClassLossArguments, crossEntropy, crossEntropyBackward, nllLoss, nllLossBackward } from '../ops/cross-entropy.js';
import { dropout, dropoutBackward, type DropoutOptions } from '../ops/dropout.js';
import { localResponseNorm, localResponseNormBackward, type LocalResponseNormOptions } from '../ops/local-response-norm.js';
import { leakyRelu, leakyReluBackward, relu, reluBackward, sigmoid, sigmoidBackward, tanh, tanhBackward } from '../ops/activations.js';
import { linear, linearBackward } from '../ops/linear.js';
import { normalize, normalizeBackward, type NormalizeOptions } from '../ops/normalize.js';
import { avgPool2d, avgPool2dBackward, globalAvgPool2d, globalAvgPool2dBackward, maxPool2d, maxPool2dBackward } from '../ops/pool.js';
import { logSoftmax, logSoftmaxBackward, softmax, softmaxBackward } from '../ops/softmax.js';
import { upConvolution, upConvolutionBackward } from '../ops/up-convolution.js';
import type { Pool2dOptions } from '../pool-info.js';
import { Tensor } from '../tensor.js';

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
const withBias = (grads: { dx: Tensor; dweight: Tensor; dbias?: Tensor }): TensorArgs => ({
  x: grads.dx,
  weight: grads.dweight,
  ...(grads.dbias ? { bias: grads.dbias } : {}),
});
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

/** One adapter per op that has golden fixtures, keyed by the fixture's `op`. */
export const goldenAdapters: Record<string, OpAdapter> = {
  conv2d: {
    forward: (i, p) => conv2d(t(i, 'x'), t(i, 'weight'), { ...p, bias: optional(i, 'bias') }),
    backward: (dy, i, p) => withBias(conv2dBackward(dy, t(i, 'x'), t(i, 'weight'), { ...p, bias: optional(i, 'bias') })),
  },
  convTranspose2d: {
    forward: (i, p) => convTranspose2d(t(i, 'x'), t(i, 'weight'), { ...p, bias: optional(i, 'bias') }),
    backward: (dy, i, p) => withBias(convTranspose2dBackward(dy, t(i, 'x'), t(i, 'weight'), { ...p, bias: optional(i, 'bias') })),
  },
  upConvolution: {
    forward: (i, p) => upConvolution(t(i, 'x'), t(i, 'weight'), { ...p, bias: optional(i, 'bias') }),
    backward: (dy, i, p) => withBias(upConvolutionBackward(dy, t(i, 'x'), t(i, 'weight'), { ...p, bias: optional(i, 'bias') })),
  },
  maxPool2d: pointwise((x, p) => maxPool2d(x, p as unknown as Pool2dOptions), (dy, x, p) => maxPool2dBackward(dy, x, p as unknown as Pool2dOptions)),
  avgPool2d: pointwise((x, p) => avgPool2d(x, p as unknown as Pool2dOptions), (dy, x, p) => avgPool2dBackward(dy, x, p as unknown as Pool2dOptions)),
  globalAvgPool2d: pointwise((x) => globalAvgPool2d(x), (dy, x) => globalAvgPool2dBackward(dy, x)),
  relu: pointwise((x) => relu(x), (dy, x) => reluBackward(dy, x)),
  leakyRelu: pointwise((x, p) => leakyRelu(x, p), (dy, x, p) => leakyReluBackward(dy, x, p)),
  sigmoid: pointwise((x) => sigmoid(x), (dy, x) => sigmoidBackward(dy, x)),
  tanh: pointwise((x) => tanh(x), (dy, x) => tanhBackward(dy, x)),
  softmax: pointwise((x, p) => softmax(x, p), (dy, x, p) => softmaxBackward(dy, softmax(x, p), p)),
  logSoftmax: pointwise((x, p) => logSoftmax(x, p), (dy, x, p) => logSoftmaxBackward(dy, logSoftmax(x, p), p)),
  normalize: pointwise((x, p) => normalize(x, p as NormalizeOptions), (dy, x, p) => normalizeBackward(dy, x, p as NormalizeOptions)),
  linear: {
    forward: (i) => linear(t(i, 'x'), t(i, 'weight'), optional(i, 'bias')),
    backward: (dy, i) => withBias(linearBackward(dy, t(i, 'x'), t(i, 'weight'), optional(i, 'bias'))),
  },
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
  add: {
    forward: (i) => add(t(i, 'a'), t(i, 'b')),
    backward: (dy) => ({ a: dy, b: dy }),
  },
  concat: {
    forward: (i, p) => concat(i.xs as Tensor[], p),
    backward: (dy, i, p) => ({ xs: concatBackward(dy, i.xs as Tensor[], p) }),
  },
};
