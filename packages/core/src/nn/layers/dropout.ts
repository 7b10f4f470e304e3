import { z } from 'zod';
import { dropout, dropoutBackward } from '../../ops/dropout.js';
import { elementwiseCost, keepField } from './common-behaviour.js';
import { constant, floatAttr, onlyAttributes, onnxNode, refuse, single } from './onnx-parts.js';
import { pyFloat } from './pytorch-parts.js';
import { sameShape } from './shape-helpers.js';
import type { ForwardContext, LayerSpec, OnnxImportArgs } from './spec.js';

const schema = z.strictObject({ p: z.number().min(0).max(1).optional() });
export type DropoutParams = z.infer<typeof schema>;

// The mask's seed comes from the pass's per-node stream, so backward (which gets a stream with
// the same seed) draws the same mask without storing it.
const optionsOf = (params: DropoutParams, context: ForwardContext) => ({
  p: params.p ?? 0.5,
  training: context.mode === 'train',
  seed: Math.floor(context.random.next() * 0x100000000) >>> 0,
});

/** Dropout (PyTorch's nn.Dropout): zeroes a random share p of values in training, scaling the rest by 1/(1-p); the identity in evaluation. */
export const dropoutSpec = {
  schema,
  defaults: {},
  arity: 'one',
  group: 'Regularisation',
  infer: (_params, [shape]) => sameShape(shape),
  forward: (params, [x], _p, context) => dropout(x, optionsOf(params, context)),
  backward: (params, dy, _inputs, _y, _p, context) => ({ inputs: [dropoutBackward(dy, optionsOf(params, context))] }),
  cost: elementwiseCost(1),
  receptiveField: keepField,
  editor: {
    idPrefix: 'dropout',
    title: 'Dropout',
    description: 'In training, drops random values so no unit can rely on another; does nothing in evaluation.',
    fields: { p: { type: 'number', label: 'Drop probability', help: 'The share of values zeroed in each training step.', defaultText: '0.5' } },
  },
  conformanceOp: 'dropout',
  onnx: {
    opTypes: ['Dropout'],
    // From opset 12 the ratio is an input; the model is written for inference (no training_mode).
    export: ({ params, inputs, output, name }) => single(onnxNode('Dropout', [inputs[0], name('ratio')], [output]), [[name('ratio'), constant([], [params.p ?? 0.5])]]),
    import: importDropout,
  },
  pytorch: { module: ({ params }) => ({ code: `nn.Dropout(p=${pyFloat(params.p ?? 0.5)})` }) },
} satisfies LayerSpec<DropoutParams>;

function importDropout(args: OnnxImportArgs) {
  const { node } = args;
  onlyAttributes(node, ['ratio', 'seed', 'is_test']);
  if (node.outputs.slice(1).some((o) => o)) refuse(node, 'outputs', 'the mask output is not supported');
  let p = floatAttr(node, 'ratio', 0.5);
  if (args.opset >= 12 && node.inputs[1]) {
    const ratio = args.constant(1);
    if (!ratio || ratio.data.length !== 1) refuse(node, 'input 1 (ratio)', 'must be a constant scalar');
    p = Number(ratio.data[0].toPrecision(7));
  }
  if (node.inputs[2]) {
    const training = args.constant(2);
    if (!training || training.data[0] !== 0) refuse(node, 'input 2 (training_mode)', 'must be a constant false: the model is read for inference');
  }
  if (!(p >= 0 && p <= 1)) refuse(node, 'ratio', `must be a probability in [0, 1], got ${p}`);
  return { params: p === 0.5 ? {} : { p }, dataInputs: [0] };
}
