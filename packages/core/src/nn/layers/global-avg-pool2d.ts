import { globalAvgPool2d, globalAvgPool2dBackward } from '../../ops/pool.js';
import { wholeMapField } from './common-behaviour.js';
import { type NoParams, noParams } from './schema-parts.js';
import { expectMaps, product } from './shape-helpers.js';
import { mapsShape, onlyAttributes, onnxNode, single } from './onnx-parts.js';
import type { LayerSpec } from './spec.js';

/** Global average pooling: one number per channel. */
export const globalAvgPool2dSpec = {
  schema: noParams,
  defaults: {},
  arity: 'one',
  group: 'Pooling',
  infer: (_params, [shape]) => ({ output: [expectMaps('globalAvgPool2d', shape)[0], 1, 1] }),
  forward: (_params, [x]) => globalAvgPool2d(x),
  backward: (_params, dy, [x]) => ({ inputs: [globalAvgPool2dBackward(dy, x)] }),
  // One add per input element (the divide per channel is not counted).
  cost: (_params, io) => ({ macs: 0, flops: product(io.inputShapes[0]) }),
  receptiveField: (_params, io, [first]) => wholeMapField(io, first),
  editor: { idPrefix: 'gap', title: 'Global average pool', description: 'Averages each whole map to one number per channel.', fields: {} },
  conformanceOp: 'globalAvgPool2d',
  onnx: {
    opTypes: ['GlobalAveragePool'],
    export: ({ inputs, output }) => single(onnxNode('GlobalAveragePool', [inputs[0]], [output])),
    import(args) {
      onlyAttributes(args.node, []);
      mapsShape(args);
      return { params: {}, dataInputs: [0] };
    },
  },
  pytorch: { module: () => ({ code: 'nn.AdaptiveAvgPool2d(1)' }) },
} satisfies LayerSpec<NoParams>;
