import { z } from 'zod';
import { checkNormalizeRange, normalize, normalizeBackward } from '../../ops/normalize.js';
import { elementwiseCost, keepField } from './common-behaviour.js';
import { sameShape } from './shape-helpers.js';
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
} satisfies LayerSpec<NormalizeParams>;
