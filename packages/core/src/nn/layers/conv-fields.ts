import type { FieldMeta } from './spec.js';

// Field words the three convolutions share.
export const convFields = {
  outChannels: { type: 'int', label: 'Output channels', help: 'How many kernels, so how many feature maps come out.' },
  kernelSize: { type: 'pair', label: 'Kernel size', help: 'Height and width of each kernel: one number for a square, or h, w.' },
  stride: { type: 'pair', label: 'Stride', help: 'How far the kernel moves between outputs; 2 halves the maps.', defaultText: '1' },
  dilation: { type: 'pair', label: 'Dilation', help: 'Spacing between kernel taps; 2 sees a wider area with the same weights.', defaultText: '1' },
  groups: { type: 'int', label: 'Groups', help: 'Splits the channels into groups convolved separately; must divide the channels.', defaultText: '1' },
  bias: { type: 'boolean', label: 'Bias', help: 'Adds a learnable constant to each output channel.', defaultText: 'true' },
} satisfies Record<string, FieldMeta>;
