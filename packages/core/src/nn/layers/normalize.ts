import { z } from 'zod';
import { checkNormalizeRange, normalize, normalizeBackward } from '../../ops/normalize.js';
import { elementwiseCost, keepField } from './common-behaviour.js';
import { sameShape } from './shape-helpers.js';
import { constant, onnxNode, refuse } from './onnx-parts.js';
import { pyFloat } from './pytorch-parts.js';
import type { LayerSpec } from './spec.js';

const schema = z.strictObject({
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  scope: z.enum(['tensor', 'sample', 'map']).optional(),
});
export type NormalizeParams = z.infer<typeof schema>;

/**
 * The worked example's min-max rescaling. 5 FLOPs per element: min and max reductions,
 * subtract, scale, shift. Its receptive field is its input's, although the scale depends on
 * the whole map's min and max.
 */
export const normalizeSpec = {
  schema,
  defaults: {},
  arity: 'one',
  group: 'Normalisation',
  infer(params, [shape]) {
    checkNormalizeRange('normalize', params.min ?? 0, params.max ?? 255);
    return sameShape(shape);
  },
  forward: (params, [x]) => normalize(x, params),
  backward: (params, dy, [x]) => ({ inputs: [normalizeBackward(dy, x, params)] }),
  cost: elementwiseCost(5),
  receptiveField: keepField,
  editor: {
    idPrefix: 'norm',
    title: 'Min-max normalise',
    description: 'Rescales values to a range (the worked example’s step after convolution).',
    fields: {
      min: { type: 'number', label: 'Minimum', help: 'The value the smallest input becomes.', defaultText: '0' },
      max: { type: 'number', label: 'Maximum', help: 'The value the largest input becomes.', defaultText: '255' },
      scope: { type: 'enum', label: 'Scope', help: 'Where min and max are taken: the whole batch, each sample, or each map.', defaultText: 'tensor', options: ['tensor', 'sample', 'map'] },
    },
  },
  conformanceOp: 'normalize',
  // ONNX has no min-max scaling op: it is written as the reductions and arithmetic it is made
  // of, and read back through the node metadata the export writes (opTypes is empty).
  onnx: {
    opTypes: [],
    unsupported: (params, io) =>
      (params.scope ?? 'tensor') === 'map' && io.inputShapes[0].length !== 3 ? "min-max normalise with scope 'map' on flat features has no maps to scale" : undefined,
    export({ params, io, inputs, output, name }) {
      const { min = 0, max = 255, scope = 'tensor' } = params;
      const rank = io.inputShapes[0].length + 1;
      const axes: Record<string, number[]> = scope === 'tensor' ? {} : { axes: Array.from({ length: rank - (scope === 'sample' ? 1 : 2) }, (_, i) => i + (scope === 'sample' ? 1 : 2)) };
      const v = (suffix: string) => name(suffix);
      // (x - lo) / (hi - lo) * (max - min) + min, and min where hi = lo (a constant group), as the op does.
      const nodes = [
        onnxNode('ReduceMin', [inputs[0]], [v('lo')], { ...axes, keepdims: 1 }),
        onnxNode('ReduceMax', [inputs[0]], [v('hi')], { ...axes, keepdims: 1 }),
        onnxNode('Sub', [v('hi'), v('lo')], [v('range')]),
        onnxNode('Sub', [inputs[0], v('lo')], [v('shifted')]),
        onnxNode('Div', [v('shifted'), v('range')], [v('unit')]),
        onnxNode('Mul', [v('unit'), v('span')], [v('scaled')]),
        onnxNode('Add', [v('scaled'), v('min')], [v('mapped')]),
        onnxNode('Equal', [v('range'), v('zero')], [v('flat')]),
        onnxNode('Where', [v('flat'), v('min'), v('mapped')], [output]),
      ];
      return { nodes, initializers: new Map([[v('span'), constant([], [max - min])], [v('min'), constant([], [min])], [v('zero'), constant([], [0])]]) };
    },
    import: (args) => refuse(args.node, 'op', 'min-max normalise is read back only as a whole, from the nodes its export wrote'),
  },
  pytorch: { module: ({ params }) => ({ code: `MinMaxNormalize(${pyFloat(params.min ?? 0)}, ${pyFloat(params.max ?? 255)}, '${params.scope ?? 'tensor'}')` }) },
} satisfies LayerSpec<NormalizeParams>;
