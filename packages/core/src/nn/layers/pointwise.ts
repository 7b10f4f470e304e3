import type { Tensor } from '../../tensor.js';
import { elementwiseCost, keepField } from './common-behaviour.js';
import { type NoParams, noParams } from './schema-parts.js';
import { sameShape } from './shape-helpers.js';
import { onlyAttributes, onnxNode, single } from './onnx-parts.js';
import type { LayerSpec } from './spec.js';

/** What a parameterless elementwise activation needs besides its op: words and a FLOP count. */
export interface PointwiseParts {
  forward(x: Tensor): Tensor;
  backward(dy: Tensor, x: Tensor): Tensor;
  flopsPerElement: number;
  title: string;
  /** Prefix of new nodes' ids (relu1, relu2). */
  idPrefix: string;
  description: string;
  conformanceOp: string;
  /** The ONNX op (Relu) and the torch.nn module (nn.ReLU()). */
  onnxOp: string;
  torchModule: string;
}

/** The spec of a parameterless elementwise activation (relu, sigmoid, tanh). */
export function pointwiseSpec(parts: PointwiseParts) {
  return {
    schema: noParams,
    defaults: {},
    arity: 'one',
    group: 'Activation',
    infer: (_params, [shape]) => sameShape(shape),
    forward: (_params, [x]) => parts.forward(x),
    backward: (_params, dy, [x]) => ({ inputs: [parts.backward(dy, x)] }),
    cost: elementwiseCost(parts.flopsPerElement),
    receptiveField: keepField,
    editor: { idPrefix: parts.idPrefix, title: parts.title, description: parts.description, fields: {} },
    conformanceOp: parts.conformanceOp,
    onnx: {
      opTypes: [parts.onnxOp],
      export: ({ inputs, output }) => single(onnxNode(parts.onnxOp, [inputs[0]], [output])),
      import(args) {
        onlyAttributes(args.node, []);
        return { params: {}, dataInputs: [0] };
      },
    },
    pytorch: { module: () => ({ code: parts.torchModule }) },
  } satisfies LayerSpec<NoParams>;
}
