import { z } from 'zod';
import { documentEstimate } from '../../analysis/conv-cost-estimate.js';
import { computeConv2dInfo } from '../../conv-info.js';
import { fail } from '../../errors.js';
import { conv2d, conv2dBackward, conv2dParameterGradients } from '../../ops/conv2d.js';
import type { Tensor } from '../../tensor.js';
import { weightedCost } from './common-behaviour.js';
import { windowField } from './field-math.js';
import { convPadding, positiveInt, positivePair } from './schema-parts.js';
import { biasShape, expectMaps, pairOf, product } from './shape-helpers.js';
import { convFields } from './conv-fields.js';
import { compactPair, dataShape, importPads, intAttr, intsAttr, kernelOf, mapsShape, onlyAttributes, onnxNode, onnxPads, refuse, requireConstant, single, withoutDefaults } from './onnx-parts.js';
import { kwargs, pyBool } from './pytorch-parts.js';
import type { LayerSpec, OnnxConstant, OnnxImportArgs } from './spec.js';

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
  backward(params, dy, [x], _y, p, context) {
    if (context.inputGradients === false) {
      const g = conv2dParameterGradients(dy, x, p.weight as Tensor, { ...params, bias: p.bias });
      return { inputs: [], weight: g.dweight, bias: g.dbias };
    }
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
  onnx: {
    opTypes: ['Conv'],
    export({ params, io, inputs, output, name, weight, bias }) {
      const info = geometry(params, io.inputShapes[0], io.shapes.weight as number[]);
      const [w, b] = [name('weight'), name('bias')];
      const attributes = {
        kernel_shape: [info.kernelHeight, info.kernelWidth],
        strides: [info.strideHeight, info.strideWidth],
        pads: onnxPads(info.pad),
        dilations: [info.dilationHeight, info.dilationWidth],
        group: info.groups,
      };
      return single(onnxNode('Conv', [inputs[0], w, ...(bias ? [b] : [])], [output], attributes), [[w, weight], [b, bias]]);
    },
    import: importConv,
  },
  pytorch: {
    module({ params, io }) {
      const weight = io.shapes.weight as number[];
      const info = geometry(params, io.inputShapes[0], weight);
      const { top, bottom, left, right } = info.pad;
      const symmetric = top === bottom && left === right;
      const conv = `nn.Conv2d(${info.inChannels}, ${info.outChannels}, ${kwargs({
        kernel_size: `(${info.kernelHeight}, ${info.kernelWidth})`,
        stride: `(${info.strideHeight}, ${info.strideWidth})`,
        padding: symmetric ? `(${top}, ${left})` : undefined,
        dilation: `(${info.dilationHeight}, ${info.dilationWidth})`,
        groups: String(info.groups),
        bias: pyBool(params.bias ?? true),
      })})`;
      if (symmetric) return { code: conv };
      // nn.Conv2d pads both ends alike; uneven padding ('same' with an even kernel) goes first.
      return { code: `nn.Sequential(nn.ZeroPad2d((${left}, ${right}, ${top}, ${bottom})), ${conv})`, keys: { weight: '1.weight', bias: '1.bias' } };
    },
  },
} satisfies LayerSpec<Conv2dParams>;

/** An ONNX Conv as conv2d: weight and bias from initialisers, explicit or automatic pads. */
function importConv(args: OnnxImportArgs) {
  const { node } = args;
  onlyAttributes(node, ['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides']);
  const [, h, w] = mapsShape(args);
  const weight = requireConstant(args, 1, 'weight');
  if (weight.shape.length !== 4) refuse(node, 'input 1 (weight)', `must be 4D (out, in/group, kH, kW), got [${weight.shape}]`);
  const [outChannels, , kh, kw] = weight.shape;
  kernelOf(node, [kh, kw]);
  const strides = intsAttr(node, 'strides', 2, 1);
  const dilations = intsAttr(node, 'dilations', 2, 1);
  const pads = importPads(node, [h, w], [kh, kw], strides, dilations);
  const bias = optionalBias(args, 2, outChannels);
  const padding: Conv2dParams['padding'] =
    pads.top === pads.bottom && pads.left === pads.right ? compactPair(pads.top, pads.left) : [pads.top, pads.bottom, pads.left, pads.right];
  const params = withoutDefaults<Conv2dParams>(
    { outChannels, kernelSize: compactPair(kh, kw), stride: compactPair(strides[0], strides[1]), padding, dilation: compactPair(dilations[0], dilations[1]), groups: intAttr(node, 'group', 1), bias: bias ? undefined : false },
    { stride: 1, padding: 0, dilation: 1, groups: 1 },
  );
  dataShape(args);
  return { params, dataInputs: [0], weight, bias };
}

/** A bias input: absent, or a constant of one value per output channel. */
export function optionalBias(args: OnnxImportArgs, index: number, channels: number): OnnxConstant | undefined {
  if (!args.node.inputs[index]) return undefined;
  const bias = requireConstant(args, index, 'bias');
  if (bias.data.length !== channels) refuse(args.node, `input ${index} (bias)`, `must hold ${channels} values (one per output channel), got shape [${bias.shape}]`);
  return { shape: [channels], data: bias.data };
}
