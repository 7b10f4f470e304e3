import { z } from 'zod';
import { avgPool2d, avgPool2dBackward } from '../../ops/pool.js';
import { exportPool, importPool, inferPool, poolCost, poolField, poolFields, pytorchPool } from './pool-common.js';
import { single } from './onnx-parts.js';
import { nonNegativePair, positivePair } from './schema-parts.js';
import type { LayerSpec } from './spec.js';

const schema = z.strictObject({
  kernelSize: positivePair,
  stride: positivePair.optional(),
  padding: nonNegativePair.optional(),
  ceilMode: z.boolean().optional(),
  countIncludePad: z.boolean().optional(),
});
export type AvgPool2dParams = z.infer<typeof schema>;

/** Average pooling (PyTorch's AvgPool2d). */
export const avgPool2dSpec = {
  schema,
  defaults: { kernelSize: 2 },
  arity: 'one',
  group: 'Pooling',
  infer: (params, [shape]) => inferPool('avgPool2d', params, shape),
  forward: (params, [x]) => avgPool2d(x, params),
  backward: (params, dy, [x]) => ({ inputs: [avgPool2dBackward(dy, x, params)] }),
  cost: poolCost,
  receptiveField: (params, io, [first]) => poolField('avgPool2d', params, io, first),
  editor: {
    idPrefix: 'avgpool',
    title: 'Average pool',
    description: 'Averages each window: smaller, smoother maps.',
    fields: {
      kernelSize: poolFields.kernelSize,
      stride: poolFields.stride,
      padding: poolFields.padding,
      ceilMode: poolFields.ceilMode,
      countIncludePad: { type: 'boolean', label: 'Count padding', help: 'Whether padded zeros count in the average’s divisor.', defaultText: 'true' },
    },
  },
  conformanceOp: 'avgPool2d',
  onnx: {
    opTypes: ['AveragePool'],
    export: ({ params, inputs, output }) => single(exportPool('AveragePool', params, inputs[0], output)),
    import: (args) => ({ params: importPool(args, 'AveragePool') as AvgPool2dParams, dataInputs: [0] }),
  },
  pytorch: { module: ({ params }) => ({ code: pytorchPool('AvgPool2d', params) }) },
} satisfies LayerSpec<AvgPool2dParams>;
