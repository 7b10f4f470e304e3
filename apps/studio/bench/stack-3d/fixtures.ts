import { chain, node, pipelineOf, Tensor, type Pipeline } from '@convstudio/core';
import type { StackLayer } from '@convstudio/ui';

/** Maps per conv layer and their side: 4 layers x 64 channels of 64x64 = 256 maps (plus the input). */
export const CHANNELS = 64;
export const SIDE = 64;
export const CONV_LAYERS = 4;

/** input 1x64x64, then four 3x3 convolutions (padding 1) of 64 channels: the shapes the bench draws. */
export function benchPipeline(): Pipeline {
  const convs = Array.from({ length: CONV_LAYERS }, (_, i) => node(`conv${i + 1}`, 'conv2d', { outChannels: CHANNELS, kernelSize: 3, padding: 1 }));
  return pipelineOf({ name: 'stack bench', description: 'four 3x3 convolutions of 64 channels on 64x64', seed: 1 }, [
    chain([node('input', 'input', { channels: 1, height: SIDE, width: SIDE }), ...convs]),
  ]);
}

/**
 * Layers with varied stripes and blobs (so the maps look like feature maps and differ per
 * channel); `seed` shifts every value, standing for a new forward pass of the same shapes.
 */
export function benchLayers(seed: number): StackLayer[] {
  const layer = (id: string, channels: number, k: number): StackLayer => {
    const data = new Float32Array(channels * SIDE * SIDE);
    for (let c = 0; c < channels; c++) {
      const fx = 0.05 + 0.37 * (((c * 7 + k) % 11) / 11);
      const fy = 0.05 + 0.29 * (((c * 5 + k * 3) % 13) / 13);
      for (let y = 0; y < SIDE; y++) {
        for (let x = 0; x < SIDE; x++) {
          data[(c * SIDE + y) * SIDE + x] = Math.sin(x * fx + seed) * Math.cos(y * fy - seed * 0.5) + 0.3 * Math.sin((x + y) * 0.11 * k);
        }
      }
    }
    return { id, label: id, tensor: new Tensor(data, [1, channels, SIDE, SIDE]) };
  };
  return [layer('input', 1, 1), ...Array.from({ length: CONV_LAYERS }, (_, i) => layer(`conv${i + 1}`, CHANNELS, i + 2))];
}
