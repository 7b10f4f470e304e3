import type { LayerKind } from '@convstudio/core';

/** The palette's sections, in the order a network is usually built. */
export const layerGroups = ['Convolution', 'Pooling', 'Activation', 'Dense', 'Normalisation', 'Combine'] as const;
export type LayerGroup = (typeof layerGroups)[number];

/** How the editor presents one layer kind to a person. */
export interface LayerEntry {
  /** Readable name ("Conv 2D", not the kind's camelCase). */
  title: string;
  group: LayerGroup;
  /** One line on what the layer does. */
  description: string;
}

/**
 * Every layer kind's name, group and one-line description. A `Record` over `LayerKind`, so a
 * kind added to the core without an entry here fails the typecheck instead of falling through.
 *
 * @example
 * layerCatalog.conv2d.title; // 'Conv 2D'
 */
export const layerCatalog: Record<LayerKind, LayerEntry> = {
  conv2d: { title: 'Conv 2D', group: 'Convolution', description: 'Slides learnable kernels over the input: one feature map per kernel.' },
  convTranspose2d: { title: 'Transposed conv', group: 'Convolution', description: 'Up-samples by spreading each input value through the kernel (stride > 1 enlarges).' },
  upConvolution: { title: 'Up-convolution', group: 'Convolution', description: 'The document’s up-convolution: insert zeros between values, then convolve.' },
  maxPool2d: { title: 'Max pool', group: 'Pooling', description: 'Keeps the largest value of each window: smaller maps, strongest responses.' },
  avgPool2d: { title: 'Average pool', group: 'Pooling', description: 'Averages each window: smaller, smoother maps.' },
  globalAvgPool2d: { title: 'Global average pool', group: 'Pooling', description: 'Averages each whole map to one number per channel.' },
  relu: { title: 'ReLU', group: 'Activation', description: 'max(0, x): keeps positive responses, zeroes the rest.' },
  leakyRelu: { title: 'Leaky ReLU', group: 'Activation', description: 'Like ReLU, but negative values keep a small slope.' },
  sigmoid: { title: 'Sigmoid', group: 'Activation', description: 'Squashes every value into (0, 1).' },
  tanh: { title: 'Tanh', group: 'Activation', description: 'Squashes every value into (−1, 1).' },
  softmax: { title: 'Softmax', group: 'Activation', description: 'Turns scores into probabilities that sum to 1.' },
  flatten: { title: 'Flatten', group: 'Dense', description: 'Lays the maps out as one vector, for dense layers.' },
  linear: { title: 'Dense (linear)', group: 'Dense', description: 'Every output is a weighted sum of every input, plus a bias.' },
  normalize: { title: 'Min-max normalise', group: 'Normalisation', description: 'Rescales values to a range (the worked example’s step after convolution).' },
  add: { title: 'Add', group: 'Combine', description: 'Adds its inputs element by element (a residual join).' },
  concat: { title: 'Concatenate', group: 'Combine', description: 'Stacks its inputs’ channels (a branch join).' },
};

/**
 * A node kind's readable name; the input node is "Input".
 *
 * @example
 * layerTitle('maxPool2d'); // 'Max pool'
 */
export function layerTitle(kind: string): string {
  return kind === 'input' ? 'Input' : (layerCatalog[kind as LayerKind]?.title ?? kind);
}
