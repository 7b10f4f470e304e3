import { computePool2dInfo, type Pool2dOptions } from '../../pool-info.js';
import { windowField } from './field-math.js';
import { expectMaps, pairOf, product } from './shape-helpers.js';
import type { FieldMeta, LayerCost, LayerField, LayerIo, LayerShapes } from './spec.js';

// What max and average pooling share: shape inference, cost and receptive field.

export function inferPool(kind: 'maxPool2d' | 'avgPool2d', params: Pool2dOptions, shape: number[]): LayerShapes {
  const info = computePool2dInfo(kind, [1, ...expectMaps(kind, shape)], params);
  return { output: [info.channels, info.outHeight, info.outWidth] };
}

/** kH*kW FLOPs per output: comparisons, or adds and the divide. */
export const poolCost = (params: Pool2dOptions, { shapes }: LayerIo): LayerCost => {
  const [kh, kw] = pairOf(params.kernelSize);
  return { macs: 0, flops: product(shapes.output) * kh * kw };
};

export function poolField(kind: 'maxPool2d' | 'avgPool2d', params: Pool2dOptions, io: LayerIo, first: LayerField): LayerField {
  const info = computePool2dInfo(kind, [1, ...io.inputShapes[0]], params);
  return {
    height: windowField(first.height, info.kernelHeight, info.strideHeight, info.padHeight, info.dilationHeight),
    width: windowField(first.width, info.kernelWidth, info.strideWidth, info.padWidth, info.dilationWidth),
    global: first.global,
    notes: [],
  };
}

export const poolFields = {
  kernelSize: { type: 'pair', label: 'Kernel size', help: 'Height and width of each window.' },
  stride: { type: 'pair', label: 'Stride', help: 'How far the window moves; by default as far as it is wide.', defaultText: 'kernel size' },
  padding: { type: 'pair', label: 'Padding', help: 'Rows and columns added around the input before pooling.', defaultText: '0' },
  ceilMode: { type: 'boolean', label: 'Ceil mode', help: 'Keep a last, partial window at the bottom and right.', defaultText: 'false' },
} satisfies Record<string, FieldMeta>;
