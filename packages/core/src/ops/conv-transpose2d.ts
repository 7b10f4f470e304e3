import { getBackend } from '../backend-registry.js';
import { type ConvTranspose2dGeometry, computeConvTranspose2dInfo } from '../conv-info.js';
import type { Tensor } from '../tensor.js';
import { expectBias, expectSameShape, expectTensor, optionsOf } from './check.js';
import type { Conv2dGradients } from './conv2d.js';

/** Options of {@link convTranspose2d}, named as in PyTorch's `conv_transpose2d`. */
export interface ConvTranspose2dOptions extends ConvTranspose2dGeometry {
  /** One value per output channel; `null` means none. */
  bias?: Tensor | null;
}

/**
 * Transposed convolution (the gradient of conv2d with respect to its input, used as a
 * learnable upsampling). x is `[N, Cin, H, W]`, weight `[Cin, Cout / groups, kH, kW]`;
 * the output is `[N, Cout, (H-1)·s - 2p + d·(k-1) + outputPadding + 1, ...]`.
 *
 * @example
 * convTranspose2d(x, w, { stride: 2, padding: 1, outputPadding: 1 }); // doubles H and W for k = 3
 */
export function convTranspose2d(x: Tensor, weight: Tensor, options: ConvTranspose2dOptions | null = {}): Tensor {
  expectTensor('convTranspose2d', 'input', x);
  expectTensor('convTranspose2d', 'weight', weight);
  const { bias, ...geometry } = optionsOf('convTranspose2d', options);
  const info = computeConvTranspose2dInfo('convTranspose2d', x.shape, weight.shape, geometry);
  expectBias('convTranspose2d', bias, info.inChannels);
  const backend = getBackend();
  const y = backend.conv2dBackwardInput(x, weight, info);
  return bias ? backend.addChannelBias(y, bias) : y;
}

/**
 * Gradients of {@link convTranspose2d}: dL/dX is an ordinary convolution of dL/dY with the same
 * weight, and dL/dW swaps the roles of input and output in conv2d's filter gradient.
 *
 * @example
 * const { dx, dweight } = convTranspose2dBackward(dy, x, w, { stride: 2 });
 */
export function convTranspose2dBackward(dy: Tensor, x: Tensor, weight: Tensor, options: ConvTranspose2dOptions | null = {}): Conv2dGradients {
  expectTensor('convTranspose2dBackward', 'dy', dy);
  expectTensor('convTranspose2dBackward', 'input', x);
  expectTensor('convTranspose2dBackward', 'weight', weight);
  const { bias, ...geometry } = optionsOf('convTranspose2dBackward', options);
  const info = computeConvTranspose2dInfo('convTranspose2dBackward', x.shape, weight.shape, geometry);
  expectBias('convTranspose2dBackward', bias, info.inChannels);
  expectSameShape('convTranspose2dBackward', 'dy', dy, [info.batch, info.inChannels, info.inHeight, info.inWidth], 'the output');
  const backend = getBackend();
  return {
    dx: backend.conv2d(dy, weight, undefined, info),
    dweight: backend.conv2dBackwardFilter(dy, x, info),
    ...(bias ? { dbias: backend.sumToChannels(dy) } : {}),
  };
}
