import type { Backend } from '../backend.js';
import { activation, activationBackward } from './activation.js';
import { conv2dBackwardFilter, conv2dBackwardInput, conv2dForward } from './conv2d.js';
import { add, addChannelBias, concat, split, sumToChannels } from './elementwise.js';
import { matMul } from './matmul.js';
import { normalize, normalizeBackward } from './normalize.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
import { crossEntropy, crossEntropyBackward, softmax, softmaxBackward } from './softmax.js';

/**
 * The reference backend: plain TypeScript on Float32Array, runs anywhere JavaScript runs.
 *
 * @example
 * import { cpuBackend, setBackend } from '@convstudio/core';
 * setBackend(cpuBackend);
 */
export const cpuBackend: Backend = {
  name: 'cpu',
  conv2d: conv2dForward,
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
  read: (x) => Promise.resolve(x.data),
};
