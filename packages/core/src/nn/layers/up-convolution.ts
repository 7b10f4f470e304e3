import { z } from 'zod';
import { computeConv2dInfo } from '../../conv-info.js';
import { upConvolution, upConvolutionBackward } from '../../ops/up-convolution.js';
import { nonNegativePair as checkedPadding, positivePair as checkedKernel } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { weightedCost } from './common-behaviour.js';
import { convFields } from './conv-fields.js';
import { upsampleField } from './field-math.js';
import { nonNegativePair, positiveInt, positivePair } from './schema-parts.js';
import { biasShape, expectMaps, pairOf, product } from './shape-helpers.js';
import { optionalBias } from './conv2d.js';
import { intAttr, intsAttr, mapsShape, onlyAttributes, onnxNode, refuse, requireConstant, single, withoutDefaults } from './onnx-parts.js';
import { kwargs, pyBool } from './pytorch-parts.js';
import type { LayerSpec, OnnxConstant, OnnxImportArgs } from './spec.js';

const schema = z.strictObject({
  outChannels: positiveInt,
  kernelSize: positivePair,
  factor: positiveInt.optional(),
  padding: nonNegativePair.optional(),
  bias: z.boolean().optional(),
});
export type UpConvolutionParams = z.infer<typeof schema>;

/** The source document's up-convolution: insert zeros between values, then convolve. */
export const upConvolutionSpec = {
  schema,
  defaults: { outChannels: 8, kernelSize: 3, padding: 1 },
  arity: 'one',
  group: 'Convolution',
  learnable: { defaultInit: 'he', kernelPresets: true },
  infer(params, [shape]) {
    const [c, h, w] = expectMaps('upConvolution', shape);
    const [kh, kw] = pairOf(params.kernelSize);
    const factor = params.factor ?? 2;
    const [ph, pw] = pairOf(params.padding ?? [Math.floor(kh / 2), Math.floor(kw / 2)]);
    const weight = [params.outChannels, c, kh, kw];
    const info = computeConv2dInfo('upConvolution', [1, c, (h - 1) * factor + 1, (w - 1) * factor + 1], weight, { padding: [ph, pw] });
    return { output: [info.outChannels, info.outHeight, info.outWidth], weight, bias: biasShape(params.bias, params.outChannels) };
  },
  forward: (params, [x], p) => upConvolution(x, p.weight as Tensor, { ...params, bias: p.bias }),
  backward(params, dy, [x], _y, p) {
    const g = upConvolutionBackward(dy, x, p.weight as Tensor, { ...params, bias: p.bias });
    return { inputs: [g.dx], weight: g.dweight, bias: g.dbias };
  },
  // The convolution on the zero-inserted grid, as it executes: products with the zeros count.
  cost: (_params, io) => weightedCost(product(io.shapes.output) * product((io.shapes.weight as number[]).slice(1)), io),
  receptiveField(params, _io, [first]) {
    const [kh, kw] = checkedKernel('upConvolution', 'kernelSize', params.kernelSize, 1);
    const factor = params.factor ?? 2;
    const [ph, pw] = checkedPadding('upConvolution', 'padding', params.padding ?? [Math.floor(kh / 2), Math.floor(kw / 2)]);
    // The up-convolution's padding p acts as a transposed convolution's e - 1 - p.
    return { height: upsampleField(first.height, kh, factor, kh - 1 - ph, 1), width: upsampleField(first.width, kw, factor, kw - 1 - pw, 1), global: first.global, notes: [] };
  },
  editor: {
    idPrefix: 'upconv',
    title: 'Up-convolution',
    description: 'The document’s up-convolution: insert zeros between values, then convolve.',
    fields: {
      outChannels: convFields.outChannels,
      kernelSize: convFields.kernelSize,
      factor: { type: 'int', label: 'Factor', help: 'How many times larger the maps get (zeros inserted between values).', defaultText: '2' },
      padding: { type: 'pair', label: 'Padding', help: 'Zeros around the zero-inserted grid before convolving.', defaultText: 'half the kernel' },
      bias: convFields.bias,
    },
  },
  conformanceOp: 'upConvolution',
  // ONNX has no zero-insertion op: the up-convolution is written as the transposed convolution
  // it equals (stride = factor, the kernel flipped with its channel axes swapped, pads k - 1 - p),
  // and read back from that node through the metadata the export writes.
  onnx: {
    opTypes: [],
    unsupported(params) {
      const [kh, kw] = pairOf(params.kernelSize);
      const [ph, pw] = pairOf(params.padding ?? [Math.floor(kh / 2), Math.floor(kw / 2)]);
      return ph > kh - 1 || pw > kw - 1
        ? `up-convolution padding [${ph},${pw}] exceeds kernel size - 1 ([${kh - 1},${kw - 1}]): its ONNX form, a ConvTranspose, would need negative pads`
        : undefined;
    },
    export({ params, io, inputs, output, name, weight, bias }) {
      const [, , kh, kw] = io.shapes.weight as number[];
      const [ph, pw] = pairOf(params.padding ?? [Math.floor(kh / 2), Math.floor(kw / 2)]);
      const factor = params.factor ?? 2;
      const attributes = { kernel_shape: [kh, kw], strides: [factor, factor], pads: [kh - 1 - ph, kw - 1 - pw, kh - 1 - ph, kw - 1 - pw], group: 1 };
      const [w, b] = [name('weight'), name('bias')];
      return single(onnxNode('ConvTranspose', [inputs[0], w, ...(bias ? [b] : [])], [output], attributes), [[w, weight && flipSwap(weight)], [b, bias]]);
    },
    import: importUpConvolution,
  },
  pytorch: {
    module: ({ params, io }) => {
      const [kh, kw] = pairOf(params.kernelSize);
      return {
        code: `UpConvolution(${io.inputShapes[0][0]}, ${params.outChannels}, ${kwargs({
          kernel_size: `(${kh}, ${kw})`,
          factor: String(params.factor ?? 2),
          padding: `(${pairOf(params.padding ?? [Math.floor(kh / 2), Math.floor(kw / 2)]).join(', ')})`,
          bias: pyBool(params.bias ?? true),
        })})`,
      };
    },
  },
} satisfies LayerSpec<UpConvolutionParams>;

/**
 * [A, B, kH, kW] -> [B, A, kH, kW] with both spatial axes reversed: the up-convolution's kernel
 * as the equivalent transposed convolution's, and back (the map is its own inverse).
 */
export function flipSwap(weight: OnnxConstant): OnnxConstant {
  const [a, b, kh, kw] = weight.shape;
  const out = new Float32Array(weight.data.length);
  for (let i = 0; i < a; i++)
    for (let j = 0; j < b; j++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++) out[((j * a + i) * kh + (kh - 1 - y)) * kw + (kw - 1 - x)] = weight.data[((i * b + j) * kh + y) * kw + x];
  return { shape: [b, a, kh, kw], data: out };
}

/** A ConvTranspose written by the export above, back as the up-convolution. */
function importUpConvolution(args: OnnxImportArgs) {
  const { node } = args;
  onlyAttributes(node, ['kernel_shape', 'strides', 'pads', 'group']);
  mapsShape(args);
  const weight = requireConstant(args, 1, 'weight');
  const [, outChannels, kh, kw] = weight.shape;
  const strides = intsAttr(node, 'strides', 2, 1);
  const [top, left, bottom, right] = intsAttr(node, 'pads', 4, 0);
  if (strides[0] !== strides[1] || top !== bottom || left !== right || intAttr(node, 'group', 1) !== 1) {
    refuse(node, 'strides', 'must be one factor on both axes with even pads and one group, as the up-convolution writes it');
  }
  const bias = optionalBias(args, 2, outChannels);
  const params = withoutDefaults<UpConvolutionParams>(
    { outChannels, kernelSize: kh === kw ? kh : [kh, kw], factor: strides[0], padding: [kh - 1 - top, kw - 1 - left], bias: bias ? undefined : false },
    { factor: 2 },
  );
  return { params, dataInputs: [0], weight: flipSwap(weight), bias };
}
