import { z } from 'zod';
import { maxPool2d, maxPool2dBackward } from '../../ops/pool.js';
import { exportPool, importPool, inferPool, poolCost, poolField, poolFields, pytorchPool } from './pool-common.js';
import { single } from './onnx-parts.js';
import { nonNegativePair, positivePair } from './schema-parts.js';
import type { LayerSpec } from './spec.js';

const schema = z.strictObject({
  kernelSize: positivePair,
  stride: positivePair.optional(),
  padding: nonNegativePair.optional(),
  dilation: positivePair.optional(),
  ceilMode: z.boolean().optional(),
});
export type MaxPool2dParams = z.infer<typeof schema>;

/** Max pooling (PyTorch's MaxPool2d). */
export const maxPool2dSpec = {
  schema,
  defaults: { kernelSize: 2 },
  arity: 'one',
  group: 'Pooling',
  infer: (params, [shape]) => inferPool('maxPool2d', params, shape),
  forward: (params, [x]) => maxPool2d(x, params),
  backward: (params, dy, [x]) => ({ inputs: [maxPool2dBackward(dy, x, params)] }),
  cost: poolCost,
  receptiveField: (params, io, [first]) => poolField('maxPool2d', params, io, first),
  editor: {
    idPrefix: 'pool',
    title: 'Max pool',
    description: 'Keeps the largest value of each window: smaller maps, strongest responses.',
    fields: {
      kernelSize: poolFields.kernelSize,
      stride: poolFields.stride,
      padding: poolFields.padding,
      dilation: { type: 'pair', label: 'Dilation', help: 'Spacing between the window’s taps.', defaultText: '1' },
      ceilMode: poolFields.ceilMode,
    },
  },
  conformanceOp: 'maxPool2d',
  onnx: {
    opTypes: ['MaxPool'],
    export: ({ params, inputs, output }) => single(exportPool('MaxPool', params, inputs[0], output)),
    import: (args) => ({ params: importPool(args, 'MaxPool') as MaxPool2dParams, dataInputs: [0] }),
  },
  pytorch: { module: ({ params }) => ({ code: pytorchPool('MaxPool2d', params) }) },
} satisfies LayerSpec<MaxPool2dParams>;
