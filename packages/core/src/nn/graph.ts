import { inputArity } from './layer-params.js';
import { issue } from './pipeline-issues.js';
import type { Pipeline, PipelineIssue, PipelineNode } from './pipeline-types.js';

/** Each node's inputs, in port order (then edge order), by node id. */
export function inputsOf(pipeline: Pipeline): Map<string, string[]> {
  const incoming = new Map<string, { source: string; port: number; order: number }[]>();
  pipeline.edges.forEach((edge, order) => {
    const list = incoming.get(edge.target) ?? [];
    list.push({ source: edge.source, port: edge.port ?? Number.MAX_SAFE_INTEGER, order });
    incoming.set(edge.target, list);
  });
  const result = new Map<string, string[]>();
  for (const node of pipeline.nodes) {
    const list = (incoming.get(node.id) ?? []).sort((a, b) => a.port - b.port || a.order - b.order);
    result.set(node.id, list.map((e) => e.source));
  }
  return result;
}

/**
 * Kahn's algorithm: the nodes in an order where every node follows its inputs, or the ids
 * left on a cycle.
 */
export function topologicalOrder(pipeline: Pipeline): { order: PipelineNode[]; cycle: string[] } {
  const byId = new Map(pipeline.nodes.map((n) => [n.id, n]));
  const pending = new Map(pipeline.nodes.map((n) => [n.id, 0]));
  const consumers = new Map<string, string[]>();
  for (const { source, target } of pipeline.edges) {
    if (!byId.has(source) || !byId.has(target)) continue;
    pending.set(target, (pending.get(target) ?? 0) + 1);
    consumers.set(source, [...(consumers.get(source) ?? []), target]);
  }
  const ready = pipeline.nodes.filter((n) => pending.get(n.id) === 0).map((n) => n.id);
  const order: PipelineNode[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(byId.get(id) as PipelineNode);
    for (const next of consumers.get(id) ?? []) {
      const left = (pending.get(next) ?? 0) - 1;
      pending.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  const cycle = pipeline.nodes.filter((n) => (pending.get(n.id) ?? 0) > 0).map((n) => n.id);
  return { order, cycle };
}

/** The graph rules: unique ids, edges between existing nodes, one input, arity, no cycles. */
export function checkGraph(pipeline: Pipeline): PipelineIssue[] {
  const issues: PipelineIssue[] = [];
  const seen = new Set<string>();
  for (const node of pipeline.nodes) {
    if (seen.has(node.id)) issues.push(issue('id', `is used by more than one node`, node));
    seen.add(node.id);
  }
  pipeline.edges.forEach((edge, i) => {
    if (!seen.has(edge.source)) issues.push(issue(`edges[${i}].source`, `names no node: "${edge.source}" (a dangling edge)`));
    if (!seen.has(edge.target)) issues.push(issue(`edges[${i}].target`, `names no node: "${edge.target}" (a dangling edge)`));
    if (edge.source === edge.target) issues.push(issue(`edges[${i}]`, `connects "${edge.source}" to itself`));
  });
  const inputs = pipeline.nodes.filter((n) => n.kind === 'input');
  if (inputs.length !== 1) issues.push(issue('nodes', `expected exactly one input node, got ${inputs.length}`));
  const incoming = inputsOf(pipeline);
  for (const node of pipeline.nodes) {
    const count = incoming.get(node.id)?.length ?? 0;
    const arity = inputArity(node.kind);
    if (arity === 'none' && count > 0) issues.push(issue('inputs', `the input node takes no incoming edges, got ${count}`, node));
    if (arity === 'one' && count !== 1) issues.push(issue('inputs', `expected exactly 1 incoming edge, got ${count}`, node));
    if (arity === 'many' && count < 2) issues.push(issue('inputs', `expected at least 2 incoming edges, got ${count}`, node));
  }
  if (issues.length > 0) return issues;
  const { cycle } = topologicalOrder(pipeline);
  if (cycle.length > 0) issues.push(issue('edges', `form a cycle through ${cycle.map((id) => `"${id}"`).join(', ')}`));
  return issues;
}
