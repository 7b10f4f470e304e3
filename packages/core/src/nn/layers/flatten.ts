import { flatten } from '../../ops/combine.js';
import { keepField, wholeMapField } from './common-behaviour.js';
import { type NoParams, noParams } from './schema-parts.js';
import { product } from './shape-helpers.js';
import type { LayerSpec } from './spec.js';

/** Lays [C, H, W] out as [C*H*W]: a reshape, no arithmetic (memory only). */
export const flattenSpec = {
  schema: noParams,
  defaults: {},
  arity: 'one',
  group: 'Dense',
  infer: (_params, [shape]) => ({ output: [product(shape)] }),
  forward: (_params, [x]) => flatten(x),
  backward: (_params, dy, [x]) => ({ inputs: [dy.reshape(x.shape)] }),
  cost: () => ({ macs: 0, flops: 0 }),
  receptiveField: (params, io, inputs) => (io.inputShapes[0].length === 3 ? wholeMapField(io, inputs[0]) : keepField(params, io, inputs)),
  editor: { idPrefix: 'flatten', title: 'Flatten', description: 'Lays the maps out as one vector, for dense layers.', fields: {} },
  conformanceOp: 'flatten',
} satisfies LayerSpec<NoParams>;
