import { crossEntropy, crossEntropyBackward } from '../ops/cross-entropy.js';
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
}

const t = (args: TensorArgs, name: string): Tensor => args[name] as Tensor;
const targetsOf = (inputs: TensorArgs): number[] => Array.from(t(inputs, 'targets').data);

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
    forward: (i) => crossEntropy(t(i, 'logits'), targetsOf(i)),
    backward: (dy, i) => ({ logits: crossEntropyBackward(t(i, 'logits'), targetsOf(i), dy.data[0]) }),
  },
};
