import { formatShape, type Tensor } from '@convstudio/core';

/**
 * One sample of a layer's output seen as `channels` maps of `height` x `width` values.
 * A `[N, F]` tensor becomes one map of 1 x F (`layout: 'strip'`).
 */
export interface FeatureMaps {
  layout: 'spatial' | 'strip';
  sample: number;
  samples: number;
  channels: number;
  height: number;
  width: number;
  /** The sample's values, channel-major (a view on the tensor's data, never a copy). */
  data: Float32Array;
}

/**
 * The feature maps of one sample of a `[N, C, H, W]` or `[N, F]` tensor.
 *
 * @example
 * featureMapsOf(zeros([2, 8, 24, 24]), 1); // { channels: 8, height: 24, width: 24, sample: 1, ... }
 * featureMapsOf(zeros([1, 10])).layout;     // 'strip'
 */
export function featureMapsOf(tensor: Tensor, sample = 0): FeatureMaps {
  const { shape } = tensor;
  if (shape.length !== 4 && shape.length !== 2) {
    throw new Error(`featureMapsOf: tensor must be [N, C, H, W] or [N, F], got shape ${formatShape(shape)}`);
  }
  const samples = shape[0];
  if (!Number.isInteger(sample) || sample < 0 || sample >= samples) {
    throw new Error(`featureMapsOf: sample must be an integer in [0, ${samples - 1}], got ${sample}`);
  }
  const [channels, height, width] = shape.length === 4 ? [shape[1], shape[2], shape[3]] : [1, 1, shape[1]];
  const size = channels * height * width;
  return {
    layout: shape.length === 4 ? 'spatial' : 'strip',
    sample,
    samples,
    channels,
    height,
    width,
    data: tensor.data.subarray(sample * size, (sample + 1) * size),
  };
}

/**
 * The value of one map at column x, row y.
 *
 * @example
 * valueAt(featureMapsOf(tensor([1, 2, 3, 4], [1, 1, 2, 2])), 0, 1, 0); // 2
 */
export function valueAt(maps: FeatureMaps, channel: number, x: number, y: number): number {
  if (channel < 0 || channel >= maps.channels || x < 0 || x >= maps.width || y < 0 || y >= maps.height) {
    throw new Error(`valueAt: (channel ${channel}, x ${x}, y ${y}) lies outside ${maps.channels} maps of ${maps.height}x${maps.width}`);
  }
  return maps.data[(channel * maps.height + y) * maps.width + x];
}
