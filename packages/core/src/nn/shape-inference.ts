import { ConvStudioError } from '../errors.js';
import { checkedSize } from '../limits.js';
import { checkGraph, indexGraph, inputsOf, topologicalOrder } from './graph.js';
import { type LayerShapes, layerSpec } from './layers/index.js';
import { issue, PipelineError } from './pipeline-issues.js';
import type { Pipeline, PipelineIssue, PipelineNode } from './pipeline-types.js';

/** A node with its inputs' ids, in order, and the shapes shape inference found. */
export interface InferredNode {
  node: PipelineNode;
  inputIds: string[];
  inputShapes: number[][];
  shapes: LayerShapes;
}

/** Every node in execution order with its shapes, or the issues that stop inference. */
export interface ShapeReport {
  nodes: InferredNode[];
  byId: Map<string, InferredNode>;
  issues: PipelineIssue[];
}

// A core op names its own arguments; in a pipeline the user edits the node's params.
const fieldOfArgument: Record<string, string> = { weight: 'params.kernelSize', input: 'inputs', output: 'params' };

function toIssue(error: unknown, node: PipelineNode): PipelineIssue {
  if (error instanceof ConvStudioError) {
    if (error.argument === 'the output of one sample') return issue('params', `${error.argument} ${error.detail}`, node);
    const field = (Object.hasOwn(fieldOfArgument, error.argument) ? fieldOfArgument[error.argument] : undefined) ?? (error.argument.startsWith('inputs') ? error.argument : `params.${error.argument}`);
    return issue(field, error.detail, node);
  }
  return issue('params', error instanceof Error ? error.message : String(error), node);
}

/**
 * Infers every node's per-sample output shape (and its parameters' shapes) in execution order.
 * A node whose input failed is skipped, so each issue points at the first node at fault.
 *
 * @example
 * const { nodes, issues } = inferShapes(pipeline);
 * nodes.map((n) => `${n.node.id}: ${n.shapes.output}`);
 */
export function inferShapes(pipeline: Pipeline): ShapeReport {
  // A cycle or dangling edge would silently drop nodes from the order: report it instead.
  const graph = indexGraph(pipeline);
  const graphIssues = checkGraph(pipeline, graph);
  if (graphIssues.length > 0) return { nodes: [], byId: new Map(), issues: graphIssues };
  const { order } = topologicalOrder(pipeline, graph);
  const inputs = inputsOf(pipeline, graph);
  const byId = new Map<string, InferredNode>();
  const issues: PipelineIssue[] = [];
  for (const node of order) {
    const inputIds = inputs.get(node.id) ?? [];
    if (node.kind === 'input') {
      const { channels, height, width } = node.params;
      byId.set(node.id, { node, inputIds, inputShapes: [], shapes: { output: [channels, height, width] } });
      continue;
    }
    const upstream = inputIds.map((id) => byId.get(id));
    if (upstream.some((u) => u === undefined)) continue;
    const inputShapes = upstream.map((u) => (u as InferredNode).shapes.output);
    try {
      const shapes = layerSpec(node.kind).infer(node.params as Record<string, unknown>, inputShapes);
      // One sample's output must fit the tensor limit: refused here, before a forward pass allocates it.
      checkedSize(node.kind, 'the output of one sample', shapes.output);
      byId.set(node.id, { node, inputIds, inputShapes, shapes });
    } catch (error) {
      issues.push(toIssue(error, node));
    }
  }
  return { nodes: [...byId.values()], byId, issues };
}

/** {@link inferShapes}, throwing a {@link PipelineError} when any node fails. */
export function inferShapesOrThrow(pipeline: Pipeline): ShapeReport {
  const report = inferShapes(pipeline);
  if (report.issues.length > 0) throw new PipelineError(report.issues);
  return report;
}
