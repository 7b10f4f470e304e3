import { z } from 'zod';
import { localResponseNorm, localResponseNormBackward } from '../../ops/local-response-norm.js';
import { elementwiseCost, keepField } from './common-behaviour.js';
import { floatAttr, intAttr, mapsShape, onlyAttributes, onnxNode, refuse, single } from './onnx-parts.js';
import { pyFloat } from './pytorch-parts.js';
import { positiveInt } from './schema-parts.js';
import { sameShape } from './shape-helpers.js';
import type { LayerSpec } from './spec.js';

const schema = z.strictObject({
  size: positiveInt,
  alpha: z.number().nonnegative().optional(),
  beta: z.number().optional(),
  k: z.number().positive().optional(),
});
export type LocalResponseNormParams = z.infer<typeof schema>;

// PyTorch centres an even window one channel lower than ONNX does (size 4: two channels before
// and one after, against one before and two after), so only odd sizes mean the same in both.
const evenWindow = (size: number) =>
  size % 2 === 0 ? `an even window (size ${size}) covers different channels in ONNX's LRN than in PyTorch's LocalResponseNorm; use an odd size` : undefined;

/**
 * Local response normalisation across channels (AlexNet; PyTorch's LocalResponseNorm):
 * x / (k + alpha/size · Σ x²)^beta over `size` neighbouring channels.
 */
export const localResponseNormSpec = {
  schema,
  defaults: { size: 5 },
  arity: 'one',
  group: 'Normalisation',
  infer: (_params, [shape]) => sameShape(shape),
  forward: (params, [x]) => localResponseNorm(x, params),
  backward: (params, dy, [x]) => ({ inputs: [localResponseNormBackward(dy, x, params)] }),
  // A window of `size` squares and adds, then the power and the divide.
  cost: (params, io) => elementwiseCost(2 * params.size + 3)(params, io),
  receptiveField: keepField,
  editor: {
    idPrefix: 'lrn',
    title: 'Local response norm',
    description: 'Divides each value by the energy of the same position in neighbouring channels (AlexNet).',
    fields: {
      size: { type: 'int', label: 'Size', help: 'How many neighbouring channels share the sum (AlexNet: 5).' },
      alpha: { type: 'number', label: 'Alpha', help: 'Weight of the sum of squares (divided by size, as in PyTorch).', defaultText: '1e-4' },
      beta: { type: 'number', label: 'Beta', help: 'The power the divisor is raised to.', defaultText: '0.75' },
      k: { type: 'number', label: 'k', help: 'Added to the sum before the power (AlexNet: 2).', defaultText: '1' },
    },
  },
  conformanceOp: 'localResponseNorm',
  onnx: {
    opTypes: ['LRN'],
    unsupported: (params) => evenWindow(params.size),
    export: ({ params, inputs, output }) =>
      single(onnxNode('LRN', [inputs[0]], [output], { size: params.size, alpha: params.alpha ?? 1e-4, beta: params.beta ?? 0.75, bias: params.k ?? 1 })),
    import(args) {
      const { node } = args;
      onlyAttributes(node, ['size', 'alpha', 'beta', 'bias']);
      mapsShape(args);
      const size = intAttr(node, 'size', 0);
      if (size < 1) refuse(node, 'size', 'is required and must be positive');
      const even = evenWindow(size);
      if (even) refuse(node, 'size', even);
      const [alpha, beta, k] = [floatAttr(node, 'alpha', 1e-4), floatAttr(node, 'beta', 0.75), floatAttr(node, 'bias', 1)];
      return { params: { size, ...(alpha === 1e-4 ? {} : { alpha }), ...(beta === 0.75 ? {} : { beta }), ...(k === 1 ? {} : { k }) }, dataInputs: [0] };
    },
  },
  pytorch: {
    module: ({ params }) => ({ code: `nn.LocalResponseNorm(${params.size}, alpha=${pyFloat(params.alpha ?? 1e-4)}, beta=${pyFloat(params.beta ?? 0.75)}, k=${pyFloat(params.k ?? 1)})` }),
  },
} satisfies LayerSpec<LocalResponseNormParams>;
