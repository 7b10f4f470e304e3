import { computePool2dInfo, type Pool2dOptions } from '../../pool-info.js';
import { windowField } from './field-math.js';
import { expectMaps, pairOf, product } from './shape-helpers.js';
import { compactPair, importPads, intAttr, intsAttr, kernelOf, mapsShape, onlyAttributes, onnxNode, refuse, symmetricPads, withoutDefaults } from './onnx-parts.js';
import { kwargs, pyBool, pyPair } from './pytorch-parts.js';
import type { FieldMeta, LayerCost, LayerField, LayerIo, LayerShapes, OnnxImportArgs, OnnxNodeLike } from './spec.js';

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

/** MaxPool or AveragePool from a pooling layer's params (padding even at both ends, as PyTorch's). */
export function exportPool(opType: 'MaxPool' | 'AveragePool', params: Pool2dOptions, input: string, output: string): OnnxNodeLike {
  const kernel = pairOf(params.kernelSize);
  const [ph, pw] = pairOf(params.padding ?? 0);
  const dilation = pairOf(params.dilation ?? 1);
  return onnxNode(opType, [input], [output], {
    kernel_shape: kernel,
    strides: pairOf(params.stride ?? params.kernelSize),
    pads: [ph, pw, ph, pw],
    ceil_mode: params.ceilMode ? 1 : 0,
    ...(opType === 'AveragePool' ? { count_include_pad: (params.countIncludePad ?? true) ? 1 : 0 } : {}),
    // MaxPool's dilations exist from opset 10; written only where they matter.
    ...(dilation[0] !== 1 || dilation[1] !== 1 ? { dilations: dilation } : {}),
  });
}

/** A MaxPool or AveragePool node as pooling params; refuses what PyTorch's pooling cannot do. */
export function importPool(args: OnnxImportArgs, opType: 'MaxPool' | 'AveragePool'): Pool2dOptions {
  const { node } = args;
  onlyAttributes(node, ['auto_pad', 'ceil_mode', 'dilations', 'kernel_shape', 'pads', 'strides', ...(opType === 'MaxPool' ? ['storage_order'] : ['count_include_pad'])]);
  if (node.outputs.length > 1 && node.outputs[1]) refuse(node, 'outputs', 'the Indices output is not supported (only the pooled values)');
  const [, h, w] = mapsShape(args);
  const kernel = kernelOf(node);
  const strides = intsAttr(node, 'strides', 2, 1);
  const dilations = intsAttr(node, 'dilations', 2, 1);
  if (opType === 'AveragePool' && (dilations[0] !== 1 || dilations[1] !== 1)) refuse(node, 'dilations', `must be 1 (PyTorch's average pooling has no dilation), got [${dilations}]`);
  const [ph, pw] = symmetricPads(node, importPads(node, [h, w], kernel, strides, dilations));
  const ceilMode = intAttr(node, 'ceil_mode', 0) === 1;
  // ONNX's count_include_pad defaults to 0, PyTorch's (and ours) to true: always written out when there is padding.
  const countIncludePad = opType === 'AveragePool' && (ph > 0 || pw > 0) ? intAttr(node, 'count_include_pad', 0) === 1 : undefined;
  return withoutDefaults<Pool2dOptions>(
    {
      kernelSize: compactPair(kernel[0], kernel[1]),
      stride: compactPair(strides[0], strides[1]),
      padding: compactPair(ph, pw),
      dilation: compactPair(dilations[0], dilations[1]),
      ceilMode,
      countIncludePad,
    },
    { stride: compactPair(kernel[0], kernel[1]), padding: 0, dilation: 1, ceilMode: false },
  );
}

/** nn.MaxPool2d / nn.AvgPool2d from pooling params. */
export function pytorchPool(module: 'MaxPool2d' | 'AvgPool2d', params: Pool2dOptions): string {
  return `nn.${module}(${kwargs({
    kernel_size: pyPair(params.kernelSize, 1),
    stride: pyPair(params.stride ?? params.kernelSize, 1),
    padding: pyPair(params.padding, 0),
    dilation: module === 'MaxPool2d' ? pyPair(params.dilation, 1) : undefined,
    ceil_mode: pyBool(params.ceilMode ?? false),
    count_include_pad: module === 'AvgPool2d' ? pyBool(params.countIncludePad ?? true) : undefined,
  })})`;
}
