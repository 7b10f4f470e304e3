import { z } from 'zod';
import { fail, formatShape } from '../../errors.js';
import { concat, concatBackward } from '../../ops/combine.js';
import { joinField } from './join-field.js';
import { intAttr, onlyAttributes, onnxNode, refuse } from './onnx-parts.js';
import { single } from './onnx-parts.js';
import type { LayerSpec } from './spec.js';

const schema = z.strictObject({ axis: z.number().int().optional() });
export type ConcatParams = z.infer<typeof schema>;

/** Joins two or more inputs along one axis (channels by default): a copy, 0 FLOPs. */
export const concatSpec = {
  schema,
  defaults: {},
  arity: 'many',
  group: 'Combine',
  infer(params, shapes) {
    const rank = shapes[0].length + 1;
    const raw = params.axis ?? 1;
    const axis = (raw < 0 ? raw + rank : raw) - 1;
    if (axis < 0 || axis >= rank - 1) fail('concat', 'axis', `must name a non-batch axis in [1, ${rank - 1}], got ${raw}`);
    shapes.forEach((s, i) => {
      if (s.length !== shapes[0].length || s.some((d, j) => j !== axis && d !== shapes[0][j])) {
        fail('concat', `inputs[${i}]`, `shape ${formatShape(s)} must match ${formatShape(shapes[0])} on every axis but ${axis + 1}`);
      }
    });
    const output = [...shapes[0]];
    output[axis] = shapes.reduce((sum, s) => sum + s[axis], 0);
    return { output };
  },
  forward: (params, inputs) => concat(inputs, params),
  backward: (params, dy, inputs) => ({ inputs: concatBackward(dy, inputs, params) }),
  cost: () => ({ macs: 0, flops: 0 }),
  receptiveField(params, io, inputs) {
    const axis = params.axis ?? 1;
    return joinField(inputs, io.inputShapes[0].length === 3 && axis !== 1 && axis !== -3);
  },
  editor: {
    idPrefix: 'concat',
    title: 'Concatenate',
    description: 'Stacks its inputs’ channels (a branch join).',
    fields: { axis: { type: 'int', label: 'Axis', help: 'The axis the inputs are stacked along: 1 is the channels.', defaultText: '1 (channels)' } },
  },
  conformanceOp: 'concat',
  onnx: {
    opTypes: ['Concat'],
    export: ({ params, inputs, output }) => single(onnxNode('Concat', inputs, [output], { axis: params.axis ?? 1 })),
    import(args) {
      onlyAttributes(args.node, ['axis']);
      const dataInputs = args.node.inputs.map((_, i) => i);
      const shape = args.inputShapes.find((s) => s !== undefined);
      dataInputs.forEach((i) => {
        if (!args.inputShapes[i]) refuse(args.node, `input ${i}`, 'is a constant: only values computed in the graph can be concatenated');
      });
      const rank = (shape?.length ?? 0) + 1;
      const raw = intAttr(args.node, 'axis', Number.NaN);
      if (Number.isNaN(raw)) refuse(args.node, 'axis', 'is required');
      const axis = raw < 0 ? raw + rank : raw;
      return { params: axis === 1 ? {} : { axis }, dataInputs };
    },
  },
  pytorch: { call: ({ params, inputs }) => `torch.cat([${inputs.join(', ')}], dim=${params.axis ?? 1})` },
} satisfies LayerSpec<ConcatParams>;
