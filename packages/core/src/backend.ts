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

/** How a classification loss combines its per-position values, as PyTorch's `reduction`. */
export type LossReduction = 'mean' | 'sum' | 'none';

/** What {@link Backend.classLoss} computes: cross-entropy of logits, or the negative log-likelihood of log-probabilities. */
export interface ClassLossOptions {
  reduction: LossReduction;
  /** PyTorch's `label_smoothing`: the target is (1 - s)·onehot + s / C. */
  labelSmoothing: number;
  /** true: the input holds logits (log-softmax is applied first, cross-entropy); false: log-probabilities (NLL). */
  fromLogits: boolean;
}

/** Parameters of a local response normalisation across channels, as `torch.nn.LocalResponseNorm`. */
export interface LocalResponseNormParams {
  size: number;
  alpha: number;
  beta: number;
  k: number;
}

/** Gradients of {@link Backend.channelNormalizeBackward}: dL/dx, Σ dy·x̂ (dL/dgamma) and Σ dy (dL/dbeta) per channel. */
export interface ChannelNormalizeGradients {
  dx: Tensor;
  dgamma: Tensor;
  dbeta: Tensor;
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
  /**
   * Negative log-likelihood of integer targets with label smoothing: input [N,C,...] (logits or
   * log-probabilities), targets [N,...]. Returns a scalar for 'mean' and 'sum', [N,...] for 'none'.
   */
  classLoss(input: Tensor, targets: Int32Array, options: ClassLossOptions): Tensor;
  /**
   * dL/dinput of {@link classLoss}; `dLoss` has the loss's shape ([] or [N,...]). From logits:
   * (softmax - (1-s)·onehot - s/C)·dLoss; from log-probabilities: -((1-s)·onehot + s/C)·dLoss
   * (divided by the count for 'mean').
   */
  classLossBackward(input: Tensor, targets: Int32Array, dLoss: Tensor, options: ClassLossOptions): Tensor;

  /** Mean and biased variance of each channel (axis 1) over every other axis of [N,C,...], accumulated in float64 where the backend can. */
  channelMoments(x: Tensor): { mean: Tensor; variance: Tensor };
  /** (x - mean[c]) / sqrt(variance[c] + eps) · gamma[c] + beta[c] along axis 1; no gamma means 1, no beta 0. */
  channelNormalize(x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor | undefined, beta: Tensor | undefined, eps: number): Tensor;
  /**
   * Gradients of {@link channelNormalize}. `throughStatistics`: mean and variance are x's own
   * (batch norm in training), so dx includes how they move; otherwise they are constants (eval).
   */
  channelNormalizeBackward(dy: Tensor, x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor | undefined, eps: number, throughStatistics: boolean): ChannelNormalizeGradients;
  /** alpha·a + beta·b elementwise, equal shapes (running statistics, momentum updates). */
  scaleAdd(a: Tensor, b: Tensor, alpha: number, beta: number): Tensor;
  /**
   * x · keep(seed, i) / (1 - p): element i is kept when the counter-based hash of (seed, i) is at
   * least p·2^32 (`dropoutKeeps`), the same on every backend. The backward pass is the same call on dy.
   */
  dropout(x: Tensor, p: number, seed: number): Tensor;
  /** x / (k + alpha/size · Σ x² over a window of `size` channels)^beta, the window zero-padded. */
  localResponseNorm(x: Tensor, params: LocalResponseNormParams): Tensor;
  localResponseNormBackward(dy: Tensor, x: Tensor, params: LocalResponseNormParams): Tensor;

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
  /**
   * Optional: runs `work` (synchronous) as one batch of device work. Core opens one around a
   * forward pass, a backward pass and a whole training step, so a device backend can record
   * their kernels into one command buffer and submit it when `work` returns (or earlier, when
   * something must happen in order, such as a read). Scopes nest; only the outermost submits.
   * CPU backends leave it out.
   *
   * @example
   * const y = backend.batch ? backend.batch(() => model.forward(x)) : model.forward(x);
   */
  batch?<T>(work: () => T): T;
}
