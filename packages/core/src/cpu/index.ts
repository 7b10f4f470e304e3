import type { Backend } from '../backend.js';
import { fail, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { activation, activationBackward } from './activation.js';
import { type ConvStrategy, conv2dBackwardFilter, conv2dBackwardInput, conv2dForward } from './conv2d.js';
import { add, addChannelBias, concat, split, sumToChannels } from './elementwise.js';
import { matMul } from './matmul.js';
import { normalize, normalizeBackward } from './normalize.js';
import { adamStep, sgdStep } from './optimizers.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
import { crossEntropy, crossEntropyBackward, softmax, softmaxBackward } from './softmax.js';

/** Options of {@link createCpuBackend}. */
export interface CpuBackendOptions {
  /** Forward convolution: per shape (`auto`, the default), or always im2col + GEMM, or always direct. */
  convStrategy?: ConvStrategy;
}

/**
 * A CPU backend: plain TypeScript on Float32Array, runs anywhere JavaScript runs.
 * Forcing a strategy lets the conformance suite check both convolution paths.
 *
 * @example
 * const gemmOnly = createCpuBackend({ convStrategy: 'gemm' });
 */
export function createCpuBackend(options: CpuBackendOptions = {}): Backend {
  const strategy = options.convStrategy ?? 'auto';
  return {
    ...kernels,
    name: strategy === 'auto' ? 'cpu' : `cpu-${strategy}`,
    conv2d: (x, weight, bias, info) => conv2dForward(x, weight, bias, info, strategy),
  };
}

const kernels: Omit<Backend, 'name' | 'conv2d'> = {
  conv2dBackwardInput,
  conv2dBackwardFilter,
  sumToChannels,
  addChannelBias,
  maxPool2d,
  maxPool2dBackward,
  avgPool2d,
  avgPool2dBackward,
  activation,
  activationBackward,
  matMul,
  softmax,
  softmaxBackward,
  crossEntropy,
  crossEntropyBackward,
  normalize,
  normalizeBackward,
  add,
  concat,
  split,
  sgdStep,
  adamStep,
  upload,
  read: (x) => x.read(),
};

/** CPU tensors are already here; a device tensor cannot be read synchronously. */
function upload(x: Tensor): Tensor {
  if (x.isOnDevice) fail('upload', 'tensor', `${formatShape(x.shape)} lives on ${x.device}; copy it with \`await tensor.read()\` first`);
  return x;
}

/**
 * The reference backend, choosing the convolution path per shape.
 *
 * @example
 * import { cpuBackend, setBackend } from '@convstudio/core';
 * setBackend(cpuBackend);
 */
export const cpuBackend: Backend = createCpuBackend();
