import { z } from 'zod';
import { leakyRelu, leakyReluBackward } from '../../ops/activations.js';
import { elementwiseCost, keepField } from './common-behaviour.js';
import { float32Number } from './schema-parts.js';
import { sameShape } from './shape-helpers.js';
import { floatAttr, onlyAttributes, onnxNode, single } from './onnx-parts.js';
import { pyFloat } from './pytorch-parts.js';
import type { LayerSpec } from './spec.js';

const schema = z.strictObject({ negativeSlope: float32Number.optional() });
export type LeakyReluParams = z.infer<typeof schema>;

/** x for x > 0, slope * x otherwise: a comparison and a multiply per element. */
export const leakyReluSpec = {
  schema,
  defaults: {},
  arity: 'one',
  group: 'Activation',
  infer: (_params, [shape]) => sameShape(shape),
  forward: (params, [x]) => leakyRelu(x, params),
  backward: (params, dy, [x]) => ({ inputs: [leakyReluBackward(dy, x, params)] }),
  cost: elementwiseCost(2),
  receptiveField: keepField,
  editor: {
    idPrefix: 'lrelu',
    title: 'Leaky ReLU',
    description: 'Like ReLU, but negative values keep a small slope.',
    fields: { negativeSlope: { type: 'number', label: 'Negative slope', help: 'What negative values are multiplied by.', defaultText: '0.01' } },
  },
  conformanceOp: 'leakyRelu',
  onnx: {
    opTypes: ['LeakyRelu'],
    export: ({ params, inputs, output }) => single(onnxNode('LeakyRelu', [inputs[0]], [output], { alpha: params.negativeSlope ?? 0.01 })),
    import(args) {
      onlyAttributes(args.node, ['alpha']);
      const alpha = floatAttr(args.node, 'alpha', 0.01);
      return { params: alpha === 0.01 ? {} : { negativeSlope: alpha }, dataInputs: [0] };
    },
  },
  pytorch: { module: ({ params }) => ({ code: `nn.LeakyReLU(negative_slope=${pyFloat(params.negativeSlope ?? 0.01)})` }) },
} satisfies LayerSpec<LeakyReluParams>;
