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
import { optionalBias } from './conv2d.js';
import { compactPair, intAttr, intsAttr, kernelOf, mapsShape, onlyAttributes, onnxNode, refuse, requireConstant, single, stringAttr, withoutDefaults } from './onnx-parts.js';
import { kwargs, pyBool } from './pytorch-parts.js';
import type { LayerSpec, OnnxImportArgs } from './spec.js';

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
  onnx: {
    opTypes: ['ConvTranspose'],
    export({ params, io, inputs, output, name, weight, bias }) {
      const weightShape = io.shapes.weight as number[];
      const [ph, pw] = pairOf(params.padding ?? 0);
      const attributes = {
        kernel_shape: weightShape.slice(2),
        strides: pairOf(params.stride ?? 1),
        pads: [ph, pw, ph, pw],
        output_padding: pairOf(params.outputPadding ?? 0),
        dilations: pairOf(params.dilation ?? 1),
        group: params.groups ?? 1,
      };
      const [w, b] = [name('weight'), name('bias')];
      return single(onnxNode('ConvTranspose', [inputs[0], w, ...(bias ? [b] : [])], [output], attributes), [[w, weight], [b, bias]]);
    },
    import: importConvTranspose,
  },
  pytorch: {
    module: ({ params, io }) => ({
      code: `nn.ConvTranspose2d(${io.inputShapes[0][0]}, ${params.outChannels}, ${kwargs({
        kernel_size: `(${(io.shapes.weight as number[]).slice(2).join(', ')})`,
        stride: `(${pairOf(params.stride ?? 1).join(', ')})`,
        padding: `(${pairOf(params.padding ?? 0).join(', ')})`,
        output_padding: `(${pairOf(params.outputPadding ?? 0).join(', ')})`,
        groups: String(params.groups ?? 1),
        bias: pyBool(params.bias ?? true),
        dilation: `(${pairOf(params.dilation ?? 1).join(', ')})`,
      })})`,
    }),
  },
} satisfies LayerSpec<ConvTranspose2dParams>;

/**
 * An ONNX ConvTranspose as convTranspose2d. Pads that crop less at the end than at the start
 * are PyTorch's output padding; output_shape and automatic pads are refused (PyTorch writes
 * explicit pads).
 */
function importConvTranspose(args: OnnxImportArgs) {
  const { node } = args;
  onlyAttributes(node, ['auto_pad', 'dilations', 'group', 'kernel_shape', 'output_padding', 'pads', 'strides']);
  mapsShape(args);
  const autoPad = stringAttr(node, 'auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') refuse(node, 'auto_pad', `${autoPad} is not supported for ConvTranspose; write explicit pads`);
  const weight = requireConstant(args, 1, 'weight');
  if (weight.shape.length !== 4) refuse(node, 'input 1 (weight)', `must be 4D (in, out/group, kH, kW), got [${weight.shape}]`);
  const [, outPerGroup, kh, kw] = weight.shape;
  kernelOf(node, [kh, kw]);
  const groups = intAttr(node, 'group', 1);
  const [top, left, bottom, right] = autoPad === 'VALID' ? [0, 0, 0, 0] : intsAttr(node, 'pads', 4, 0);
  const extra = intsAttr(node, 'output_padding', 2, 0);
  if (bottom > top || right > left) refuse(node, 'pads', `[${[top, left, bottom, right]}] crops more at the end than at the start, which has no PyTorch equivalent`);
  const outChannels = outPerGroup * groups;
  const bias = optionalBias(args, 2, outChannels);
  const strides = intsAttr(node, 'strides', 2, 1);
  const dilations = intsAttr(node, 'dilations', 2, 1);
  const params = withoutDefaults<ConvTranspose2dParams>(
    {
      outChannels,
      kernelSize: compactPair(kh, kw),
      stride: compactPair(strides[0], strides[1]),
      padding: compactPair(top, left),
      outputPadding: compactPair(extra[0] + top - bottom, extra[1] + left - right),
      dilation: compactPair(dilations[0], dilations[1]),
      groups,
      bias: bias ? undefined : false,
    },
    { stride: 1, padding: 0, outputPadding: 0, dilation: 1, groups: 1 },
  );
  return { params, dataInputs: [0], weight, bias };
}
