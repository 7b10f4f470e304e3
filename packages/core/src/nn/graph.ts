import { inputArity } from './layer-params.js';
import { issue } from './pipeline-issues.js';
import type { Pipeline, PipelineIssue, PipelineNode } from './pipeline-types.js';

// Every function here runs in time linear in nodes + edges (plus a sort per node's inputs): the
// studio checks a pipeline on its main thread on open and on every save, so a quadratic step
// (a copied array per edge, shift() on a long queue) froze it for minutes on a 50,000-node star.

/**
 * The graph as arrays indexed by node position, built with one Map lookup per edge end: the
 * checks below then run on integers. `index` maps an id to its first node; `source[e]` and
 * `target[e]` are -1 where an edge names no node.
 */
export interface IndexedGraph {
  index: Map<string, number>;
  source: Int32Array;
  target: Int32Array;
  /** Incoming edges per node, dangling sources included (arity counts every edge). */
  inDegree: Int32Array;
}

export function indexGraph(pipeline: Pipeline): IndexedGraph {
  const { nodes, edges } = pipeline;
  const index = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) if (!index.has(nodes[i].id)) index.set(nodes[i].id, i);
  const source = new Int32Array(edges.length);
  const target = new Int32Array(edges.length);
  const inDegree = new Int32Array(nodes.length);
  for (let e = 0; e < edges.length; e++) {
    source[e] = index.get(edges[e].source) ?? -1;
    target[e] = index.get(edges[e].target) ?? -1;
    if (target[e] >= 0) inDegree[target[e]]++;
  }
  return { index, source, target, inDegree };
}

/** Each node's inputs, in port order (then edge order), by node id. */
export function inputsOf(pipeline: Pipeline, graph: IndexedGraph = indexGraph(pipeline)): Map<string, string[]> {
  const { edges, nodes } = pipeline;
  const { index, target, inDegree } = graph;
  // Incoming edge indices per node in compressed rows, in edge order; no object per edge.
  const start = new Int32Array(nodes.length + 1);
  for (let i = 0; i < nodes.length; i++) start[i + 1] = start[i] + inDegree[i];
  const incoming = new Int32Array(start[nodes.length]);
  const fill = start.slice(0, nodes.length);
  for (let e = 0; e < edges.length; e++) if (target[e] >= 0) incoming[fill[target[e]]++] = e;
  const port = (e: number) => edges[e].port ?? Number.MAX_SAFE_INTEGER;
  const result = new Map<string, string[]>();
  // A repeated id's edges all belong to its first node (checkGraph reports the repetition).
  for (const [id, i] of index) {
    const list = Array.from(incoming.subarray(start[i], start[i + 1]));
    if (list.length > 1) list.sort((a, b) => port(a) - port(b) || a - b);
    result.set(id, list.map((e) => edges[e].source));
  }
  return result;
}

/**
 * Kahn's algorithm: the nodes in an order where every node follows its inputs, or the ids
 * left on a cycle.
 */
export function topologicalOrder(pipeline: Pipeline, graph: IndexedGraph = indexGraph(pipeline)): { order: PipelineNode[]; cycle: string[] } {
  const { nodes } = pipeline;
  const { source, target } = graph;
  // Consumers of each node in compressed rows: start[i]..start[i + 1] in `consumers`.
  const pending = new Int32Array(nodes.length);
  const start = new Int32Array(nodes.length + 1);
  for (let e = 0; e < source.length; e++) {
    if (source[e] < 0 || target[e] < 0) continue;
    pending[target[e]]++;
    start[source[e] + 1]++;
  }
  for (let i = 0; i < nodes.length; i++) start[i + 1] += start[i];
  const consumers = new Int32Array(start[nodes.length]);
  const fill = start.slice(0, nodes.length);
  for (let e = 0; e < source.length; e++) if (source[e] >= 0 && target[e] >= 0) consumers[fill[source[e]]++] = target[e];
  // A queue read by an index: shift() would move every element on each step.
  const ready: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (pending[i] === 0) ready.push(i);
  const order: PipelineNode[] = [];
  for (let head = 0; head < ready.length; head++) {
    const i = ready[head];
    order.push(nodes[i]);
    for (let c = start[i]; c < start[i + 1]; c++) if (--pending[consumers[c]] === 0) ready.push(consumers[c]);
  }
  const cycle = nodes.filter((_, i) => pending[i] > 0).map((n) => n.id);
  return { order, cycle };
}

/** At most this many ids are named in one message; the rest are counted. */
const NAMED_IDS = 10;

function listIds(ids: readonly string[]): string {
  const named = ids.slice(0, NAMED_IDS).map((id) => `"${id}"`).join(', ');
  return ids.length > NAMED_IDS ? `${named} and ${ids.length - NAMED_IDS} more` : named;
}

/** The graph rules: unique ids, edges between existing nodes, one input, arity, no cycles. */
export function checkGraph(pipeline: Pipeline, graph: IndexedGraph = indexGraph(pipeline)): PipelineIssue[] {
  const issues: PipelineIssue[] = [];
  const { index, source, target, inDegree } = graph;
  pipeline.nodes.forEach((node, i) => {
    if (index.get(node.id) !== i) issues.push(issue('id', `is used by more than one node`, node));
  });
  pipeline.edges.forEach((edge, i) => {
    if (source[i] < 0) issues.push(issue(`edges[${i}].source`, `names no node: "${edge.source}" (a dangling edge)`));
    if (target[i] < 0) issues.push(issue(`edges[${i}].target`, `names no node: "${edge.target}" (a dangling edge)`));
    if (edge.source === edge.target) issues.push(issue(`edges[${i}]`, `connects "${edge.source}" to itself`));
  });
  const inputs = pipeline.nodes.filter((n) => n.kind === 'input');
  if (inputs.length !== 1) issues.push(issue('nodes', `expected exactly one input node, got ${inputs.length}`));
  pipeline.nodes.forEach((node) => {
    // Nodes sharing an id share its edges (they all target the id).
    const count = inDegree[index.get(node.id) as number];
    const arity = inputArity(node.kind);
    if (arity === 'none' && count > 0) issues.push(issue('inputs', `the input node takes no incoming edges, got ${count}`, node));
    if (arity === 'one' && count !== 1) issues.push(issue('inputs', `expected exactly 1 incoming edge, got ${count}`, node));
    if (arity === 'many' && count < 2) issues.push(issue('inputs', `expected at least 2 incoming edges, got ${count}`, node));
  });
  if (issues.length > 0) return issues;
  const { cycle } = topologicalOrder(pipeline, graph);
  if (cycle.length > 0) issues.push(issue('edges', `form a cycle through ${listIds(cycle)}`));
  return issues;
}
