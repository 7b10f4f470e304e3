import { z } from 'zod';
import { linear, linearBackward } from '../../ops/linear.js';
import type { Tensor } from '../../tensor.js';
import { sameField, weightedCost } from './common-behaviour.js';
import { convFields } from './conv-fields.js';
import { positiveInt } from './schema-parts.js';
import { biasShape, expectFlat, product } from './shape-helpers.js';
import type { LayerSpec } from './spec.js';

const schema = z.strictObject({ outFeatures: positiveInt, bias: z.boolean().optional() });
export type LinearParams = z.infer<typeof schema>;

/** A dense layer y = x Wᵀ + b (PyTorch's Linear). */
export const linearSpec = {
  schema,
  defaults: { outFeatures: 10 },
  arity: 'one',
  group: 'Dense',
  learnable: { defaultInit: 'he', kernelPresets: false },
  infer(params, [shape]) {
    const features = expectFlat('linear', shape);
    return { output: [params.outFeatures], weight: [params.outFeatures, features], bias: biasShape(params.bias, params.outFeatures) };
  },
  forward: (_params, [x], p) => linear(x, p.weight as Tensor, p.bias),
  backward(_params, dy, [x], _y, p) {
    const g = linearBackward(dy, x, p.weight as Tensor, p.bias);
    return { inputs: [g.dx], weight: g.dweight, bias: g.dbias };
  },
  cost: (_params, io) => weightedCost(product(io.shapes.weight as number[]), io),
  receptiveField: (_params, _io, [first]) => ({ ...sameField(first), global: true }),
  editor: {
    idPrefix: 'fc',
    title: 'Dense (linear)',
    description: 'Every output is a weighted sum of every input, plus a bias.',
    fields: {
      outFeatures: { type: 'int', label: 'Output features', help: 'How many numbers come out (10 for ten classes).' },
      bias: { ...convFields.bias, help: 'Adds a learnable constant to each output.' },
    },
  },
  conformanceOp: 'linear',
} satisfies LayerSpec<LinearParams>;
