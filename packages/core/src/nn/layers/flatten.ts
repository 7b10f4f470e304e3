import { flatten } from '../../ops/combine.js';
import { keepField, wholeMapField } from './common-behaviour.js';
import { type NoParams, noParams } from './schema-parts.js';
import { product } from './shape-helpers.js';
import { dataShape, intAttr, onlyAttributes, onnxNode, refuse, single } from './onnx-parts.js';
import type { LayerSpec, OnnxImportArgs } from './spec.js';

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
  onnx: {
    opTypes: ['Flatten', 'Reshape', 'Squeeze'],
    export: ({ inputs, output }) => single(onnxNode('Flatten', [inputs[0]], [output], { axis: 1 })),
    import: (args) => {
      checkFlattens(args);
      return { params: {}, dataInputs: [0] };
    },
  },
  pytorch: { module: () => ({ code: 'nn.Flatten()' }) },
} satisfies LayerSpec<NoParams>;

/**
 * Flatten, Reshape and Squeeze import as flatten only where they lay each sample out as one
 * vector and keep the batch axis ([N, ...] -> [N, F]); anything else is refused with the shapes.
 */
function checkFlattens(args: OnnxImportArgs): void {
  const { node } = args;
  const shape = dataShape(args);
  const features = product(shape);
  if (node.opType === 'Flatten') {
    onlyAttributes(node, ['axis']);
    const axis = intAttr(node, 'axis', 1);
    if (axis !== 1 && axis !== -shape.length) refuse(node, 'axis', `must be 1 (keep the batch axis, flatten the rest), got ${axis}`);
    return;
  }
  if (node.opType === 'Reshape') {
    onlyAttributes(node, ['allowzero']);
    const target = args.constant(1);
    if (!target) refuse(node, 'input 1 (shape)', 'must be a constant; a shape computed in the graph is not supported');
    const [batch, rest, ...more] = Array.from(target.data);
    const flattens = more.length === 0 && rest !== undefined && (rest === features || (rest === -1 && batch !== -1)) && (batch === 0 || batch === -1 || batch === 1);
    if (!flattens || (batch === 0 && intAttr(node, 'allowzero', 0) === 1)) {
      refuse(node, 'input 1 (shape)', `[${Array.from(target.data)}] does not flatten each sample of per-sample shape [${shape}] to [N, ${features}]; only flattening reshapes are supported`);
    }
    return;
  }
  onlyAttributes(node, ['axes']);
  const axes = args.opset >= 13 ? (args.constant(1) ? Array.from((args.constant(1) as { data: Float32Array }).data) : undefined) : (node.attributes.axes as number[] | undefined);
  if (!axes) refuse(node, 'axes', 'must be given: a Squeeze of every size-1 axis could drop the batch axis');
  const rank = shape.length + 1;
  const dropped = new Set(axes.map((a) => (a < 0 ? a + rank : a)));
  const kept = shape.filter((_, i) => !dropped.has(i + 1));
  if (dropped.has(0) || kept.length !== 1 || [...dropped].some((a) => shape[a - 1] !== 1)) {
    refuse(node, 'axes', `[${axes}] does not squeeze per-sample shape [${shape}] to flat features (only size-1 axes after the batch, leaving one)`);
  }
}