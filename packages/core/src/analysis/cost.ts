import type { NodeKind } from '../nn/layer-params.js';
import { layerSpec } from '../nn/layers/index.js';
import type { Pipeline, PipelineIssue } from '../nn/pipeline-types.js';
import { cachedShapes } from '../nn/compile-pipeline.js';
import type { InferredNode } from '../nn/shape-inference.js';
import type { DocumentEstimate } from './conv-cost-estimate.js';

// Each kind's MACs and FLOPs are counted by its spec (nn/layers/<kind>.ts), following these
// conventions, per sample (no batch axis), float32:
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

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function row(inferred: InferredNode): CostRow {
  const { node, shapes } = inferred;
  const weightParams = shapes.weight ? product(shapes.weight) : 0;
  const biasParams = shapes.bias ? product(shapes.bias) : 0;
  const { inputShapes } = inferred;
  // The input node moves data but computes nothing; every layer counts itself in its spec.
  const { macs, flops, documentEstimate } = node.kind === 'input' ? { macs: 0, flops: 0, documentEstimate: undefined } : layerSpec(node.kind).cost(node.params as Record<string, unknown>, { inputShapes, shapes });
  const result: CostRow = {
    id: node.id,
    kind: node.kind,
    output: [...shapes.output],
    weightParams,
    biasParams,
    params: weightParams + biasParams,
    macs,
    flops,
    activationBytes: product(shapes.output) * BYTES_PER_ELEMENT,
  };
  if (documentEstimate) result.documentEstimate = documentEstimate;
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
  const report = cachedShapes(pipeline);
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
