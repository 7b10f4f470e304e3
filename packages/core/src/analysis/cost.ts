import { computeConv2dInfo } from '../conv-info.js';
import type { NodeKind } from '../nn/layer-params.js';
import type { Pipeline, PipelineIssue } from '../nn/pipeline-types.js';
import { type InferredNode, inferShapes } from '../nn/shape-inference.js';
import type { Pair } from '../shape.js';
import { type DocumentEstimate, documentEstimate } from './conv-cost-estimate.js';

// Conventions, per sample (no batch axis), float32:
// - MACs (multiply-accumulates) only for layers that multiply by weights:
//   conv2d          Cout*Ho*Wo * (Cin/groups)*kH*kW
//   convTranspose2d Cin*H*W * (Cout/groups)*kH*kW: every input pixel scatters a whole kernel,
//                   including the products that land in the cropped `padding` rows
//   upConvolution   the convolution on the zero-inserted grid, counted as it executes:
//                   Cout*Ho*Wo * Cin*kH*kW, multiplications by the inserted zeros included
//   linear          in*out
// - FLOPs = 2*MACs + one add per output element for a bias + the elementwise ops below, with a
//   comparison, an exp or a division each counted as one FLOP:
//   relu 1 per element; leakyRelu 2; sigmoid and tanh 4; softmax 5 (max, subtract, exp, sum,
//   divide); normalize 5 (min and max reductions, subtract, scale, shift); maxPool2d and
//   avgPool2d kH*kW per output (comparisons, or adds and the divide); globalAvgPool2d one per
//   input element; add (inputs - 1) per element; input, flatten and concat 0 (they copy or
//   reshape, and cost memory only).
// - Activation memory: output elements * 4 bytes, every node, as a forward pass that keeps its
//   outputs for backward holds them (flatten may share its input's buffer; counted anyway).

/** One node's row of a {@link CostTable}. */
export interface CostRow {
  id: string;
  kind: NodeKind;
  /** Per-sample output shape: [C, H, W] or [F]. */
  output: number[];
  weightParams: number;
  biasParams: number;
  params: number;
  macs: number;
  flops: number;
  activationBytes: number;
  /** conv2d only: the source document's approximate formula beside the exact `macs`. */
  documentEstimate?: DocumentEstimate;
}

/** Per-node costs in execution order, and their sums. */
export interface CostTable {
  rows: CostRow[];
  totals: { weightParams: number; biasParams: number; params: number; macs: number; flops: number; activationBytes: number };
}

/** {@link costTable}'s answer: the table, or the issues that stopped shape inference. */
export type CostResult = { ok: true; table: CostTable } | { ok: false; issues: PipelineIssue[] };

const BYTES_PER_ELEMENT = 4;
const elementwiseFlops: Partial<Record<NodeKind, number>> = { relu: 1, leakyRelu: 2, sigmoid: 4, tanh: 4, softmax: 5, normalize: 5 };

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const area = (kernel: Pair) => (typeof kernel === 'number' ? kernel * kernel : kernel[0] * kernel[1]);

/** MACs, and the FLOPs that are not part of a multiply-accumulate. */
function operations({ node, inputShapes, shapes }: InferredNode): { macs: number; otherFlops: number } {
  const out = product(shapes.output);
  const perWeightTap = shapes.weight ? product(shapes.weight.slice(1)) : 0;
  const biasAdds = shapes.bias ? out : 0;
  switch (node.kind) {
    case 'conv2d':
    case 'upConvolution':
      return { macs: out * perWeightTap, otherFlops: biasAdds };
    case 'convTranspose2d':
      return { macs: product(inputShapes[0]) * perWeightTap, otherFlops: biasAdds };
    case 'linear':
      return { macs: product(shapes.weight ?? []), otherFlops: biasAdds };
    case 'maxPool2d':
    case 'avgPool2d':
      return { macs: 0, otherFlops: out * area(node.params.kernelSize) };
    case 'globalAvgPool2d':
      return { macs: 0, otherFlops: product(inputShapes[0]) };
    case 'add':
      return { macs: 0, otherFlops: (inputShapes.length - 1) * out };
    default:
      return { macs: 0, otherFlops: (elementwiseFlops[node.kind] ?? 0) * out };
  }
}

function row(inferred: InferredNode): CostRow {
  const { node, shapes } = inferred;
  const weightParams = shapes.weight ? product(shapes.weight) : 0;
  const biasParams = shapes.bias ? product(shapes.bias) : 0;
  const { macs, otherFlops } = operations(inferred);
  const result: CostRow = {
    id: node.id,
    kind: node.kind,
    output: [...shapes.output],
    weightParams,
    biasParams,
    params: weightParams + biasParams,
    macs,
    flops: 2 * macs + otherFlops,
    activationBytes: product(shapes.output) * BYTES_PER_ELEMENT,
  };
  if (node.kind === 'conv2d' && shapes.weight) {
    const info = computeConv2dInfo('conv2d', [1, ...inferred.inputShapes[0]], shapes.weight, node.params);
    result.documentEstimate = documentEstimate(info, macs);
  }
  return result;
}

/**
 * Parameters, multiply-accumulates, FLOPs and activation memory of every node of a pipeline,
 * per sample, in execution order, with totals; for each conv2d also the source document's
 * approximate formula and why it differs. The counting conventions are at the top of this file.
 *
 * @example
 * const result = costTable(alexNet());
 * if (result.ok) result.table.totals.params; // 61,100,840
 */
export function costTable(pipeline: Pipeline): CostResult {
  const report = inferShapes(pipeline);
  if (report.issues.length > 0) return { ok: false, issues: report.issues };
  const rows = report.nodes.map(row);
  const sum = (key: keyof CostTable['totals']) => rows.reduce((total, r) => total + r[key], 0);
  return {
    ok: true,
    table: {
      rows,
      totals: {
        weightParams: sum('weightParams'),
        biasParams: sum('biasParams'),
        params: sum('params'),
        macs: sum('macs'),
        flops: sum('flops'),
        activationBytes: sum('activationBytes'),
      },
    },
  };
}
