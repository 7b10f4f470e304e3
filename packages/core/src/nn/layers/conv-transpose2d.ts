import { z } from 'zod';
import { computeConvTranspose2dInfo } from '../../conv-info.js';
import { fail } from '../../errors.js';
import { convTranspose2d, convTranspose2dBackward } from '../../ops/conv-transpose2d.js';
import type { Tensor } from '../../tensor.js';
import { weightedCost } from './common-behaviour.js';
import { convFields } from './conv-fields.js';
import { upsampleField } from './field-math.js';
import { nonNegativePair, positiveInt, positivePair } from './schema-parts.js';
import { biasShape, expectMaps, pairOf, product } from './shape-helpers.js';
import type { LayerSpec } from './spec.js';

const schema = z.strictObject({
  outChannels: positiveInt,
  kernelSize: positivePair,
  stride: positivePair.optional(),
  padding: nonNegativePair.optional(),
  outputPadding: nonNegativePair.optional(),
  dilation: positivePair.optional(),
  groups: positiveInt.optional(),
  bias: z.boolean().optional(),
});
export type ConvTranspose2dParams = z.infer<typeof schema>;

/** A transposed convolution (PyTorch's ConvTranspose2d): conv2d's input gradient as a layer. */
export const convTranspose2dSpec = {
  schema,
  defaults: { outChannels: 8, kernelSize: 2, stride: 2 },
  arity: 'one',
  group: 'Convolution',
  learnable: { defaultInit: 'he', kernelPresets: true },
  infer(params, [shape]) {
    const [c, h, w] = expectMaps('convTranspose2d', shape);
    const [kh, kw] = pairOf(params.kernelSize);
    const groups = params.groups ?? 1;
    if (params.outChannels % groups !== 0) fail('convTranspose2d', 'groups', `(${groups}) must divide the output channels (${params.outChannels})`);
    const weight = [c, params.outChannels / groups, kh, kw];
    const info = computeConvTranspose2dInfo('convTranspose2d', [1, c, h, w], weight, params);
    return { output: [info.inChannels, info.inHeight, info.inWidth], weight, bias: biasShape(params.bias, params.outChannels) };
  },
  forward: (params, [x], p) => convTranspose2d(x, p.weight as Tensor, { ...params, bias: p.bias }),
  backward(params, dy, [x], _y, p) {
    const g = convTranspose2dBackward(dy, x, p.weight as Tensor, { ...params, bias: p.bias });
    return { inputs: [g.dx], weight: g.dweight, bias: g.dbias };
  },
  // Every input pixel scatters a whole kernel, including products cropped by `padding`.
  cost: (_params, io) => weightedCost(product(io.inputShapes[0]) * product((io.shapes.weight as number[]).slice(1)), io),
  receptiveField(params, io, [first]) {
    const info = computeConvTranspose2dInfo('convTranspose2d', [1, ...io.inputShapes[0]], io.shapes.weight as number[], params);
    return {
      height: upsampleField(first.height, info.kernelHeight, info.strideHeight, info.pad.top, info.dilationHeight),
      width: upsampleField(first.width, info.kernelWidth, info.strideWidth, info.pad.left, info.dilationWidth),
      global: first.global,
      notes: [],
    };
  },
  editor: {
    idPrefix: 'deconv',
    title: 'Transposed conv',
    description: 'Up-samples by spreading each input value through the kernel (stride > 1 enlarges).',
    fields: {
      outChannels: convFields.outChannels,
      kernelSize: convFields.kernelSize,
      stride: { ...convFields.stride, help: 'The up-sampling factor: 2 doubles the maps.' },
      padding: { type: 'pair', label: 'Padding', help: 'Rows and columns cropped from each border of the output.', defaultText: '0' },
      outputPadding: { type: 'pair', label: 'Output padding', help: 'Extra rows and columns at the bottom and right, to reach an exact size.', defaultText: '0' },
      dilation: convFields.dilation,
      groups: { ...convFields.groups, help: 'Splits the channels into groups; must divide the output channels.' },
      bias: convFields.bias,
    },
  },
  conformanceOp: 'convTranspose2d',
} satisfies LayerSpec<ConvTranspose2dParams>;
