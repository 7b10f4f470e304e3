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
import type { LayerSpec } from './spec.js';

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
} satisfies LayerSpec<UpConvolutionParams>;
