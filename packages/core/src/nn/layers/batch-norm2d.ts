import { z } from 'zod';
import { fail } from '../../errors.js';
import { batchNorm2d, batchNorm2dBackward } from '../../ops/batch-norm.js';
import { elementwiseCost, keepField } from './common-behaviour.js';
import { constant, dataShape, floatAttr, intAttr, onlyAttributes, onnxNode, refuse, requireConstant, single } from './onnx-parts.js';
import { kwargs, pyBool, pyFloat } from './pytorch-parts.js';
import { float32Number } from './schema-parts.js';
import { sameShape } from './shape-helpers.js';
import type { ForwardContext, LayerParameters, LayerSpec, OnnxImportArgs } from './spec.js';

const schema = z.strictObject({
  eps: float32Number.optional(),
  momentum: float32Number.optional(),
  affine: z.boolean().optional(),
});
export type BatchNorm2dParams = z.infer<typeof schema>;

function options(params: BatchNorm2dParams, p: LayerParameters, context: ForwardContext) {
  const { runningMean, runningVar } = context.buffers;
  if (context.mode === 'eval' && (!runningMean || !runningVar)) fail('batchNorm2d', 'buffers', 'evaluation needs the running mean and variance (the model builds them from the spec)');
  return { eps: params.eps, momentum: params.momentum, weight: p.weight, bias: p.bias, runningMean, runningVar, training: context.mode === 'train' };
}

/**
 * Batch normalisation over the channels (PyTorch's BatchNorm2d, and BatchNorm1d on flat
 * features): batch statistics in training, which also move the running mean and variance
 * (buffers); the running statistics in evaluation. The learnable weight is gamma, the bias beta.
 */
export const batchNorm2dSpec = {
  schema,
  defaults: {},
  arity: 'one',
  group: 'Normalisation',
  // gamma starts at 1 and beta at 0: the layer starts as a plain standardisation.
  learnable: { defaultInit: 'ones', kernelPresets: false },
  buffers: { runningMean: { initial: 0 }, runningVar: { initial: 1 } },
  infer(params, [shape]) {
    const channels = shape[0];
    const affine = params.affine ?? true;
    return {
      ...sameShape(shape),
      ...(affine ? { weight: [channels], bias: [channels] } : {}),
      buffers: { runningMean: [channels], runningVar: [channels] },
    };
  },
  forward(params, [x], p, context) {
    const result = batchNorm2d(x, options(params, p, context));
    if (context.mode === 'train' && result.runningMean && result.runningVar) {
      context.buffers.runningMean = result.runningMean;
      context.buffers.runningVar = result.runningVar;
    }
    return result.output;
  },
  backward(params, dy, [x], _y, p, context) {
    // Backward sees the buffers as its forward pass left them; only the batch statistics
    // (training) or the running ones (eval) matter, and training recomputes them from x.
    const g = batchNorm2dBackward(dy, x, options(params, p, context));
    return { inputs: [g.dx], weight: g.dweight, bias: g.dbias };
  },
  // Subtract the mean, divide, scale, shift: 4 FLOPs per element in evaluation.
  cost: elementwiseCost(4),
  receptiveField: keepField,
  editor: {
    idPrefix: 'bn',
    title: 'Batch norm',
    description: 'Standardises each channel over the batch, then scales and shifts it (learned).',
    fields: {
      eps: { type: 'number', label: 'Epsilon', help: 'Added to the variance before the square root, so a flat channel does not divide by 0.', defaultText: '1e-5' },
      momentum: { type: 'number', label: 'Momentum', help: 'How far each training batch moves the running statistics.', defaultText: '0.1' },
      affine: { type: 'boolean', label: 'Scale and shift', help: 'Learn a scale (gamma) and shift (beta) per channel.', defaultText: 'true' },
    },
  },
  conformanceOp: 'batchNorm2d',
  onnx: {
    opTypes: ['BatchNormalization'],
    export({ params, io, inputs, output, name, weight, bias, buffers }) {
      const channels = io.inputShapes[0][0];
      // ONNX always has a scale and a shift: without affine they are 1 and 0.
      const values = [
        [name('weight'), weight ?? constant([channels], new Float32Array(channels).fill(1))],
        [name('bias'), bias ?? constant([channels], new Float32Array(channels))],
        [name('runningMean'), buffers.runningMean],
        [name('runningVar'), buffers.runningVar],
      ] as const;
      // ONNX's momentum weighs the old running value, PyTorch's (and ours) the new batch statistic.
      const attributes = { epsilon: params.eps ?? 1e-5, momentum: 1 - (params.momentum ?? 0.1) };
      return single(onnxNode('BatchNormalization', [inputs[0], ...values.map(([n]) => n)], [output], attributes), values.map(([n, v]) => [n, v]));
    },
    import: importBatchNorm,
  },
  pytorch: {
    module: ({ params, io }) => ({
      code: `nn.BatchNorm${io.inputShapes[0].length === 3 ? 2 : 1}d(${io.inputShapes[0][0]}, ${kwargs({ eps: pyFloat(params.eps ?? 1e-5), momentum: pyFloat(params.momentum ?? 0.1), affine: pyBool(params.affine ?? true) })})`,
      keys: { runningMean: 'running_mean', runningVar: 'running_var' },
    }),
  },
} satisfies LayerSpec<BatchNorm2dParams>;

/** BatchNormalization in inference form (training_mode 0) with its statistics as buffers. */
function importBatchNorm(args: OnnxImportArgs) {
  const { node } = args;
  onlyAttributes(node, ['epsilon', 'momentum', 'training_mode']);
  if (intAttr(node, 'training_mode', 0) !== 0) refuse(node, 'training_mode', 'must be 0: only inference-form batch norms are read (the running statistics normalise)');
  if (node.outputs.slice(1).some((o) => o)) refuse(node, 'outputs', 'only the normalised output is supported, not the updated statistics');
  const channels = dataShape(args)[0];
  const [weight, bias, runningMean, runningVar] = (['scale', 'B', 'mean', 'var'] as const).map((what, i) => {
    const value = requireConstant(args, i + 1, what);
    if (value.data.length !== channels) refuse(node, `input ${i + 1} (${what})`, `must hold ${channels} values (one per channel), got shape [${value.shape}]`);
    return { shape: [channels], data: value.data };
  });
  const eps = floatAttr(node, 'epsilon', 1e-5);
  const momentum = Number((1 - floatAttr(node, 'momentum', 0.9)).toPrecision(6));
  const params: BatchNorm2dParams = { ...(eps === 1e-5 ? {} : { eps }), ...(momentum === 0.1 ? {} : { momentum }) };
  return { params, dataInputs: [0], weight, bias, buffers: { runningMean, runningVar } };
}
