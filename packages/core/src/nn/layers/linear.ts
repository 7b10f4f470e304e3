import { z } from 'zod';
import { linear, linearBackward } from '../../ops/linear.js';
import type { Tensor } from '../../tensor.js';
import { sameField, weightedCost } from './common-behaviour.js';
import { convFields } from './conv-fields.js';
import { positiveInt } from './schema-parts.js';
import { biasShape, expectFlat, product } from './shape-helpers.js';
import { dataShape, floatAttr, intAttr, onlyAttributes, onnxNode, refuse, requireConstant, single } from './onnx-parts.js';
import { pyBool } from './pytorch-parts.js';
import type { LayerSpec, OnnxConstant, OnnxImportArgs } from './spec.js';

const schema = z.strictObject({ outFeatures: positiveInt, bias: z.boolean().optional() });
export type LinearParams = z.infer<typeof schema>;

/** A dense layer y = x Wᵀ + b (PyTorch's Linear). */
export const linearSpec = {
  schema,
  defaults: { outFeatures: 10 },
  arity: 'one',
  group: 'Dense',
  learnable: { defaultInit: 'he', kernelPresets: false },
  infer(params, [shape]) {
    const features = expectFlat('linear', shape);
    return { output: [params.outFeatures], weight: [params.outFeatures, features], bias: biasShape(params.bias, params.outFeatures) };
  },
  forward: (_params, [x], p) => linear(x, p.weight as Tensor, p.bias),
  backward(_params, dy, [x], _y, p) {
    const g = linearBackward(dy, x, p.weight as Tensor, p.bias);
    return { inputs: [g.dx], weight: g.dweight, bias: g.dbias };
  },
  cost: (_params, io) => weightedCost(product(io.shapes.weight as number[]), io),
  receptiveField: (_params, _io, [first]) => ({ ...sameField(first), global: true }),
  editor: {
    idPrefix: 'fc',
    title: 'Dense (linear)',
    description: 'Every output is a weighted sum of every input, plus a bias.',
    fields: {
      outFeatures: { type: 'int', label: 'Output features', help: 'How many numbers come out (10 for ten classes).' },
      bias: { ...convFields.bias, help: 'Adds a learnable constant to each output.' },
    },
  },
  conformanceOp: 'linear',
  onnx: {
    opTypes: ['Gemm', 'MatMul'],
    export({ inputs, output, name, weight, bias }) {
      const [w, b] = [name('weight'), name('bias')];
      return single(onnxNode('Gemm', [inputs[0], w, ...(bias ? [b] : [])], [output], { transB: 1 }), [[w, weight], [b, bias]]);
    },
    import: importDense,
  },
  pytorch: {
    module: ({ params, io }) => ({ code: `nn.Linear(${io.inputShapes[0][0]}, ${params.outFeatures}, bias=${pyBool(params.bias ?? true)})` }),
  },
} satisfies LayerSpec<LinearParams>;

const transpose = (m: OnnxConstant): OnnxConstant => {
  const [rows, cols] = m.shape;
  const out = new Float32Array(m.data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = m.data[r * cols + c];
  return { shape: [cols, rows], data: out };
};

/**
 * Gemm (alpha, beta and transB folded into the tensors) or MatMul by a constant as a dense
 * layer; an Add of a constant after a MatMul becomes its bias (the importer joins them).
 */
function importDense(args: OnnxImportArgs) {
  const { node } = args;
  onlyAttributes(node, node.opType === 'Gemm' ? ['alpha', 'beta', 'transA', 'transB'] : []);
  const shape = dataShape(args);
  if (shape.length !== 1) refuse(node, 'input 0', `must be flat features (N, F), got per-sample shape [${shape}]; flatten before it`);
  const b = requireConstant(args, 1, 'weight');
  if (b.shape.length !== 2) refuse(node, 'input 1 (weight)', `must be a matrix, got shape [${b.shape}]`);
  if (node.opType === 'Gemm' && intAttr(node, 'transA', 0) !== 0) refuse(node, 'transA', 'must be 0 (the data is the left factor, one row per sample)');
  const transB = node.opType === 'Gemm' && intAttr(node, 'transB', 0) === 1;
  const weight = transB ? { shape: [...b.shape], data: b.data } : transpose(b);
  const [outFeatures, inFeatures] = weight.shape;
  if (inFeatures !== shape[0]) refuse(node, 'input 1 (weight)', `shape [${b.shape}] does not take ${shape[0]} features`);
  const alpha = node.opType === 'Gemm' ? floatAttr(node, 'alpha', 1) : 1;
  if (alpha !== 1) weight.data = weight.data.map((v) => v * alpha);
  let bias: OnnxConstant | undefined;
  if (node.opType === 'Gemm' && node.inputs[2]) {
    const c = requireConstant(args, 2, 'bias');
    const beta = floatAttr(node, 'beta', 1);
    if (c.data.length !== outFeatures && c.data.length !== 1) refuse(node, 'input 2 (bias)', `must hold ${outFeatures} values or one, got shape [${c.shape}]`);
    bias = { shape: [outFeatures], data: Float32Array.from({ length: outFeatures }, (_, i) => beta * c.data[c.data.length === 1 ? 0 : i]) };
  }
  return { params: bias ? { outFeatures } : { outFeatures, bias: false }, dataInputs: [0], weight, bias };
}