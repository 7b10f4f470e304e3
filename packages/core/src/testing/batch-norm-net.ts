import type { Pipeline } from '../nn/pipeline-types.js';

/** Options of {@link batchNormNet}: the shapes a test needs. */
export interface BatchNormNetOptions {
  /** Height and width of the one-channel input. Default 8. */
  size?: number;
  /** Output channels of the convolution, so the batch norm's channels. Default 4. */
  channels?: number;
  /** The convolution's square kernel. Default 3. */
  kernelSize?: number;
  /** The convolution's stride. Default 1. */
  stride?: number;
  /** The pipeline's seed. Default 3. */
  seed?: number;
}

/**
 * The test pipeline with a batch norm: input [1, size, size] → conv2d → batchNorm2d (weight and
 * bias, and its running mean and variance as buffers) → relu → flatten → linear (2 outputs).
 * Shared by the tests of node values, project files, training and the CLI, so a batch norm's
 * buffers are tested on one network written once.
 *
 * @example
 * createModel(batchNormNet({ size: 4, channels: 2 })).buffers().get('bn'); // { runningMean, runningVar }, 2 values each
 */
export function batchNormNet(options: BatchNormNetOptions = {}): Pipeline {
  const { size = 8, channels = 4, kernelSize = 3, stride = 1, seed = 3 } = options;
  return {
    format: 'convstudio-pipeline',
    version: 1,
    name: 'BN',
    seed,
    nodes: [
      { id: 'input', kind: 'input', params: { channels: 1, height: size, width: size } },
      { id: 'conv', kind: 'conv2d', params: { outChannels: channels, kernelSize, ...(stride === 1 ? {} : { stride }) } },
      { id: 'bn', kind: 'batchNorm2d', params: {} },
      { id: 'relu', kind: 'relu', params: {} },
      { id: 'flat', kind: 'flatten', params: {} },
      { id: 'fc', kind: 'linear', params: { outFeatures: 2 } },
    ],
    edges: [['input', 'conv'], ['conv', 'bn'], ['bn', 'relu'], ['relu', 'flat'], ['flat', 'fc']].map(([source, target]) => ({ source, target })),
  };
}
