import { z } from 'zod';
import { fail } from '../../errors.js';
import { logSoftmax, logSoftmaxBackward, softmax, softmaxBackward } from '../../ops/softmax.js';
import type { Tensor } from '../../tensor.js';
import { elementwiseCost, sameField, wholeMapField } from './common-behaviour.js';
import { dataShape, intAttr, onlyAttributes, onnxNode, refuse, single } from './onnx-parts.js';
import { sameShape } from './shape-helpers.js';
import type { LayerSpec, OnnxImportArgs } from './spec.js';

const schema = z.strictObject({ dim: z.number().int().optional() });
export type SoftmaxParams = z.infer<typeof schema>;

interface Variant {
  kind: 'softmax' | 'logSoftmax';
  forward(x: Tensor, options: SoftmaxParams): Tensor;
  backward(dy: Tensor, y: Tensor, options: SoftmaxParams): Tensor;
  onnxOp: 'Softmax' | 'LogSoftmax';
  torchModule: 'Softmax' | 'LogSoftmax';
  title: string;
  idPrefix: string;
  description: string;
  flopsPerElement: number;
}

/**
 * ONNX's Softmax/LogSoftmax axis as our dim. From opset 13 the op normalises along one axis
 * (default -1), as ours; before, it flattened every axis from `axis` (default 1) on into one,
 * which is ours only when the axes after `axis` have size 1.
 */
function importDim(args: OnnxImportArgs): SoftmaxParams {
  onlyAttributes(args.node, ['axis']);
  const shape = dataShape(args);
  const rank = shape.length + 1;
  const raw = intAttr(args.node, 'axis', args.opset >= 13 ? -1 : 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (axis < 1 || axis >= rank) refuse(args.node, 'axis', `must name a non-batch axis in [1, ${rank - 1}], got ${raw}`);
  if (args.opset < 13 && shape.slice(axis).some((d) => d !== 1)) {
    refuse(args.node, 'axis', `${raw} at opset ${args.opset} normalises over all axes from ${axis} on together (per-sample shape [${shape}]); only one axis is supported`);
  }
  return axis === 1 ? {} : { dim: axis };
}

function softmaxLikeSpec(v: Variant) {
  return {
    schema,
    defaults: {},
    arity: 'one',
    group: 'Activation',
    infer(params, [shape]) {
      const rank = shape.length + 1;
      const dim = params.dim ?? 1;
      if (dim < -rank || dim >= rank || dim === 0 || dim === -rank) fail(v.kind, 'dim', `must name a non-batch axis in [1, ${rank - 1}] (or a negative one), got ${dim}`);
      return sameShape(shape);
    },
    forward: (params, [x]) => v.forward(x, params),
    backward: (params, dy, _inputs, y) => ({ inputs: [v.backward(dy, y, params)] }),
    cost: elementwiseCost(v.flopsPerElement),
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
      idPrefix: v.idPrefix,
      title: v.title,
      description: v.description,
      fields: { dim: { type: 'int', label: 'Axis', help: 'The axis whose values are normalised: 1 is the channels.', defaultText: '1 (channels)' } },
    },
    conformanceOp: v.kind,
    onnx: {
      opTypes: [v.onnxOp],
      export: ({ params, inputs, output }) => single(onnxNode(v.onnxOp, [inputs[0]], [output], { axis: params.dim ?? 1 })),
      import: (args) => ({ params: importDim(args), dataInputs: [0] }),
    },
    pytorch: { module: ({ params }) => ({ code: `nn.${v.torchModule}(dim=${params.dim ?? 1})` }) },
  } satisfies LayerSpec<SoftmaxParams>;
}

/** Softmax along one axis: max, subtract, exp, sum, divide = 5 FLOPs per element. */
export const softmaxSpec = softmaxLikeSpec({
  kind: 'softmax',
  forward: softmax,
  backward: softmaxBackward,
  onnxOp: 'Softmax',
  torchModule: 'Softmax',
  title: 'Softmax',
  idPrefix: 'softmax',
  description: 'Turns scores into probabilities that sum to 1.',
  flopsPerElement: 5,
});

/** log(softmax(x)) along one axis, computed stably (x - max - log Σ exp): 5 FLOPs per element. */
export const logSoftmaxSpec = softmaxLikeSpec({
  kind: 'logSoftmax',
  forward: logSoftmax,
  backward: logSoftmaxBackward,
  onnxOp: 'LogSoftmax',
  torchModule: 'LogSoftmax',
  title: 'Log-softmax',
  idPrefix: 'logsoftmax',
  description: 'Log-probabilities of the classes (what a negative log-likelihood loss reads).',
  flopsPerElement: 5,
});
