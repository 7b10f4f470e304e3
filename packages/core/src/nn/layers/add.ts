import { fail, formatShape } from '../../errors.js';
import { add } from '../../ops/combine.js';
import { joinField } from './join-field.js';
import { type NoParams, noParams } from './schema-parts.js';
import { product, sameShape } from './shape-helpers.js';
import { dataShape, onlyAttributes, onnxNode, refuse, single } from './onnx-parts.js';
import type { LayerSpec } from './spec.js';

/** Elementwise sum of two or more inputs of one shape (a residual join). */
export const addSpec = {
  schema: noParams,
  defaults: {},
  arity: 'many',
  group: 'Combine',
  infer(_params, shapes) {
    shapes.forEach((s, i) => {
      if (s.join() !== shapes[0].join()) fail('add', `inputs[${i}]`, `shape ${formatShape(s)} must equal the first input's ${formatShape(shapes[0])}`);
    });
    return sameShape(shapes[0]);
  },
  forward: (_params, inputs) => inputs.slice(1).reduce((sum, x) => add(sum, x), inputs[0]),
  backward: (_params, dy, inputs) => ({ inputs: inputs.map(() => dy) }),
  // inputs - 1 adds per output element.
  cost: (_params, io) => ({ macs: 0, flops: (io.inputShapes.length - 1) * product(io.shapes.output) }),
  receptiveField: (_params, _io, inputs) => joinField(inputs, false),
  editor: { idPrefix: 'add', title: 'Add', description: 'Adds its inputs element by element (a residual join).', fields: {} },
  conformanceOp: 'add',
  onnx: {
    opTypes: ['Add', 'Sum'],
    // ONNX's Add takes two inputs; three or more are a Sum.
    export: ({ inputs, output }) => single(onnxNode(inputs.length === 2 ? 'Add' : 'Sum', inputs, [output])),
    import(args) {
      onlyAttributes(args.node, []);
      const dataInputs = args.node.inputs.map((_, i) => i);
      for (const i of dataInputs) {
        if (!args.inputShapes[i]) refuse(args.node, `input ${i}`, 'is a constant: adding a constant is supported only as the bias of a MatMul before it');
        dataShape(args, i);
      }
      return { params: {}, dataInputs };
    },
  },
  pytorch: { call: ({ inputs }) => inputs.join(' + ') },
} satisfies LayerSpec<NoParams>;
