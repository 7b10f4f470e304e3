import { z } from 'zod';
import { fail } from '../../errors.js';
import { softmax, softmaxBackward } from '../../ops/softmax.js';
import { elementwiseCost, sameField, wholeMapField } from './common-behaviour.js';
import { sameShape } from './shape-helpers.js';
import type { LayerSpec } from './spec.js';

const schema = z.strictObject({ dim: z.number().int().optional() });
export type SoftmaxParams = z.infer<typeof schema>;

/** Softmax along one axis: max, subtract, exp, sum, divide = 5 FLOPs per element. */
export const softmaxSpec = {
  schema,
  defaults: {},
  arity: 'one',
  group: 'Activation',
  infer(params, [shape]) {
    const rank = shape.length + 1;
    const dim = params.dim ?? 1;
    if (dim < -rank || dim >= rank || dim === 0 || dim === -rank) fail('softmax', 'dim', `must name a non-batch axis in [1, ${rank - 1}] (or a negative one), got ${dim}`);
    return sameShape(shape);
  },
  forward: (params, [x]) => softmax(x, params),
  backward: (params, dy, _inputs, y) => ({ inputs: [softmaxBackward(dy, y, params)] }),
  cost: elementwiseCost(5),
  // Over channels (the default) a softmax is pointwise in space; over H or W it spans the axis.
  receptiveField(params, io, [first]) {
    const maps = io.inputShapes[0].length === 3;
    const raw = params.dim ?? 1;
    const axis = maps ? (raw < 0 ? raw + 4 : raw) : 1;
    const keep = sameField(first);
    if (axis === 2) return { ...keep, height: wholeMapField(io, first).height, global: true };
    if (axis === 3) return { ...keep, width: wholeMapField(io, first).width, global: true };
    return keep;
  },
  editor: {
    idPrefix: 'softmax',
    title: 'Softmax',
    description: 'Turns scores into probabilities that sum to 1.',
    fields: { dim: { type: 'int', label: 'Axis', help: 'The axis whose values sum to 1: 1 is the channels.', defaultText: '1 (channels)' } },
  },
  conformanceOp: 'softmax',
} satisfies LayerSpec<SoftmaxParams>;
