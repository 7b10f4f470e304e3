import type { Conv2dInfo } from './shape.js';
import type { Pool2dInfo } from './pool-info.js';
import type { Tensor } from './tensor.js';

/** Pointwise activations with a local derivative. */
export type ActivationKind = 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh';

/** Hyperparameters of one SGD update, as PyTorch's `torch.optim.SGD`. */
export interface SgdStepOptions {
  learningRate: number;
  momentum: number;
  weightDecay: number;
}

/** Hyperparameters of one Adam update, as PyTorch's `torch.optim.Adam`; `step` counts from 1 (bias correction). */
export interface AdamStepOptions {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  step: number;
}

/** How {@link normalize} groups values: the whole tensor, each sample, or each (sample, channel) map. */
export type NormalizeScope = 'tensor' | 'sample' | 'map';

/**
 * The kernels a backend provides. Public ops (`conv2d`, `maxPool2d`, ...) validate their input,
 * compute the geometry once in core (`Conv2dInfo`, `Pool2dInfo`) and then call these, so a
 * backend holds arithmetic only. Gradients are composed in core from the `*Backward` kernels.
 * Every method receives valid shapes; none may change its inputs, except the optimizer steps,
 * which update a parameter and its state in place so that training keeps them where they live.
 */
export interface Backend {
  /** A short name shown in the studio and in test titles, e.g. `cpu` or `webgpu`. */
  readonly name: string;

  /** y[N,Cout,Ho,Wo] = x ⊗ weight (+ bias[Cout]). */
  conv2d(x: Tensor, weight: Tensor, bias: Tensor | undefined, info: Conv2dInfo): Tensor;
  /** dL/dX[N,Cin,H,W] from dL/dY; also the forward pass of a transposed convolution. */
  conv2dBackwardInput(dy: Tensor, weight: Tensor, info: Conv2dInfo): Tensor;
  /** dL/dF[Cout,Cin/groups,kH,kW] from the input and dL/dY. */
  conv2dBackwardFilter(x: Tensor, dy: Tensor, info: Conv2dInfo): Tensor;
  /** Sum over every axis but 1: the bias gradient of conv2d ([N,C,H,W]) and linear ([N,C]). */
  sumToChannels(dy: Tensor): Tensor;
  /** Adds bias[C] along axis 1 of a [N,C,...] tensor. */
  addChannelBias(x: Tensor, bias: Tensor): Tensor;

  maxPool2d(x: Tensor, info: Pool2dInfo): Tensor;
  /** Routes each output gradient to the first maximum of its window, as PyTorch does. */
  maxPool2dBackward(dy: Tensor, x: Tensor, info: Pool2dInfo): Tensor;
  avgPool2d(x: Tensor, info: Pool2dInfo): Tensor;
  avgPool2dBackward(dy: Tensor, info: Pool2dInfo): Tensor;

  activation(kind: ActivationKind, x: Tensor, alpha: number): Tensor;
  /** dL/dX from dL/dY, the input x and the output y (sigmoid and tanh use y). */
  activationBackward(kind: ActivationKind, dy: Tensor, x: Tensor, y: Tensor, alpha: number): Tensor;

  /** op(a)[M,K] · op(b)[K,N] where op transposes when asked. */
  matMul(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor;

  /** Softmax (or log-softmax) along `axis`. */
  softmax(x: Tensor, axis: number, log: boolean): Tensor;
  /** dL/dX from dL/dY and the forward output y. */
  softmaxBackward(dy: Tensor, y: Tensor, axis: number, log: boolean): Tensor;
  /** Mean negative log-likelihood of integer targets; logits [N,C,...], targets [N,...]. Returns a scalar tensor. */
  crossEntropy(logits: Tensor, targets: Int32Array): Tensor;
  /** dL/dlogits = (softmax(logits) - onehot(targets)) * dLoss / count. */
  crossEntropyBackward(logits: Tensor, targets: Int32Array, dLoss: number): Tensor;

  /** Min-max scaling of each group to [min, max]; a constant group maps to `min`. */
  normalize(x: Tensor, min: number, max: number, scope: NormalizeScope): Tensor;
  normalizeBackward(dy: Tensor, x: Tensor, min: number, max: number, scope: NormalizeScope): Tensor;

  /** Elementwise sum of tensors of equal shape. */
  add(a: Tensor, b: Tensor): Tensor;
  /** Joins tensors along `axis`; all other dimensions equal. */
  concat(xs: readonly Tensor[], axis: number): Tensor;
  /** Cuts a tensor along `axis` into pieces of the given sizes (the gradient of concat). */
  split(x: Tensor, sizes: readonly number[], axis: number): Tensor[];

  /**
   * g = grad + weightDecay·param; velocity = momentum·velocity + g; param -= learningRate·velocity.
   * Updates `param` and `velocity` in place; all three tensors have the same shape.
   */
  sgdStep(param: Tensor, grad: Tensor, velocity: Tensor, options: SgdStepOptions): void;
  /**
   * g = grad + weightDecay·param; m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²;
   * param -= lr·(m / (1-β1^step)) / (sqrt(v / (1-β2^step)) + ε). Updates `param`, `m` and `v` in place.
   */
  adamStep(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, options: AdamStepOptions): void;

  /**
   * A tensor with `x`'s values that lives on this backend, owned by the caller (dispose it).
   * The CPU backend returns a CPU tensor unchanged and refuses a device tensor (read it first).
   */
  upload(x: Tensor): Tensor;
  /** Reads a tensor's values to the host; CPU tensors resolve at once. */
  read(x: Tensor): Promise<Float32Array>;
}
