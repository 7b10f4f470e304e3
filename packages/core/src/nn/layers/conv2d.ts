import { z } from 'zod';
import { documentEstimate } from '../../analysis/conv-cost-estimate.js';
import { computeConv2dInfo } from '../../conv-info.js';
import { fail } from '../../errors.js';
import { conv2d, conv2dBackward } from '../../ops/conv2d.js';
import type { Tensor } from '../../tensor.js';
import { weightedCost } from './common-behaviour.js';
import { windowField } from './field-math.js';
import { convPadding, positiveInt, positivePair } from './schema-parts.js';
import { biasShape, expectMaps, pairOf, product } from './shape-helpers.js';
import { convFields } from './conv-fields.js';
import type { LayerSpec } from './spec.js';

const schema = z.strictObject({
  outChannels: positiveInt,
  kernelSize: positivePair,
  stride: positivePair.optional(),
  padding: convPadding.optional(),
  dilation: positivePair.optional(),
  groups: positiveInt.optional(),
  bias: z.boolean().optional(),
});
export type Conv2dParams = z.infer<typeof schema>;

const geometry = (params: Conv2dParams, inputShape: number[], weight: number[]) => computeConv2dInfo('conv2d', [1, ...inputShape], weight, params);

/** A 2D convolution (cross-correlation, as PyTorch's Conv2d). */
export const conv2dSpec = {
  schema,
  // 'same' so a new convolution fits between existing layers without changing H and W.
  defaults: { outChannels: 8, kernelSize: 3, padding: 'same' },
  arity: 'one',
  group: 'Convolution',
  learnable: { defaultInit: 'he', kernelPresets: true },
  infer(params, [shape]) {
    const [c, h, w] = expectMaps('conv2d', shape);
    const [kh, kw] = pairOf(params.kernelSize);
    const weight = [params.outChannels, c / (params.groups ?? 1), kh, kw];
    if (!Number.isInteger(weight[1])) fail('conv2d', 'groups', `(${params.groups}) must divide the input channels (${c})`);
    const info = computeConv2dInfo('conv2d', [1, c, h, w], weight, params);
    return { output: [info.outChannels, info.outHeight, info.outWidth], weight, bias: biasShape(params.bias, params.outChannels) };
  },
  forward: (params, [x], p) => conv2d(x, p.weight as Tensor, { ...params, bias: p.bias }),
  backward(params, dy, [x], _y, p) {
    const g = conv2dBackward(dy, x, p.weight as Tensor, { ...params, bias: p.bias });
    return { inputs: [g.dx], weight: g.dweight, bias: g.dbias };
  },
  cost(params, io) {
    const weight = io.shapes.weight as number[];
    const macs = product(io.shapes.output) * product(weight.slice(1));
    return { ...weightedCost(macs, io), documentEstimate: documentEstimate(geometry(params, io.inputShapes[0], weight), macs) };
  },
  receptiveField(params, io, [first]) {
    const info = geometry(params, io.inputShapes[0], io.shapes.weight as number[]);
    return {
      height: windowField(first.height, info.kernelHeight, info.strideHeight, info.pad.top, info.dilationHeight),
      width: windowField(first.width, info.kernelWidth, info.strideWidth, info.pad.left, info.dilationWidth),
      global: first.global,
      notes: [],
    };
  },
  editor: {
    idPrefix: 'conv',
    title: 'Conv 2D',
    description: 'Slides learnable kernels over the input: one feature map per kernel.',
    fields: {
      outChannels: convFields.outChannels,
      kernelSize: convFields.kernelSize,
      stride: convFields.stride,
      padding: { type: 'padding', label: 'Padding', help: "Zeros added around the input: one number, a pair, four (top, bottom, left, right), or 'same'/'valid'.", defaultText: '0', options: ['valid', 'same'] },
      dilation: convFields.dilation,
      groups: convFields.groups,
      bias: convFields.bias,
    },
  },
  conformanceOp: 'conv2d',
} satisfies LayerSpec<Conv2dParams>;
