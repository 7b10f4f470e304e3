import { cachedShapes, costTable, inputArity, inputsOf, parsePipeline, type NodeKind, type Pipeline, type PipelineIssue, type PipelineNode } from '@convstudio/core';

/** What a node shows on the canvas. Shape, params and MACs are absent when shape inference could not reach it. */
export interface NodeSummary {
  id: string;
  kind: NodeKind;
  /** Output shape with the batch axis: `[N, C, H, W]` or `[N, F]`. */
  output?: number[];
  /** Learnable parameters (weight and bias). */
  params?: number;
  /** Multiply-accumulates per sample, as the core's cost table counts them. */
  macs?: number;
  /** Every core issue naming this node, in the core's words. */
  issues: PipelineIssue[];
}

/** Summaries by node id, and the issues that name no node (a cycle, a second input). */
export interface PipelineSummary {
  nodes: Map<string, NodeSummary>;
  issues: PipelineIssue[];
}

/**
 * The nodes shape inference can reach: the input, then every node whose inputs are all
 * reachable and whose input count suits its kind. The core's checkGraph stops inference for
 * the whole document on one loose node; an editor needs shapes for the rest while one new
 * layer is still unconnected.
 */
function reachable(pipeline: Pipeline, excluded: ReadonlySet<string>): Pipeline | undefined {
  const counts = new Map<string, number>();
  for (const n of pipeline.nodes) counts.set(n.id, (counts.get(n.id) ?? 0) + 1);
  const inputNodes = pipeline.nodes.filter((n) => n.kind === 'input');
  if (inputNodes.length !== 1 || counts.get(inputNodes[0].id) !== 1 || excluded.has(inputNodes[0].id)) return undefined;
  const inputs = inputsOf(pipeline);
  const kept = new Set([inputNodes[0].id]);
  const candidates = pipeline.nodes.filter((n) => n.kind !== 'input' && counts.get(n.id) === 1 && !excluded.has(n.id));
  for (let grew = true; grew; ) {
    grew = false;
    for (const node of candidates) {
      if (kept.has(node.id)) continue;
      const from = inputs.get(node.id) ?? [];
      const arityOk = inputArity(node.kind) === 'one' ? from.length === 1 : from.length >= 2;
      if (arityOk && from.every((id) => kept.has(id) && id !== node.id)) {
        kept.add(node.id);
        grew = true;
      }
    }
  }
  return {
    ...pipeline,
    nodes: pipeline.nodes.filter((n) => kept.has(n.id)),
    edges: pipeline.edges.filter((e) => kept.has(e.source) && kept.has(e.target)),
  };
}

/** The input node's params replaced by the loaded image's channels, height and width. */
function withImage(pipeline: Pipeline, inputShape: readonly number[] | undefined): Pipeline {
  if (!inputShape || inputShape.length !== 4) return pipeline;
  const [, channels, height, width] = inputShape;
  const nodes = pipeline.nodes.map((n): PipelineNode => (n.kind === 'input' ? { ...n, params: { channels, height, width } } : n));
  return { ...pipeline, nodes };
}

const key = (i: PipelineIssue) => `${i.nodeId ?? ''}|${i.field}|${i.detail}`;

/**
 * Each node's output shape, parameter count, MACs and issues, from the core's parsePipeline,
 * cachedShapes (inferShapes once per structure) and costTable. With `inputShape` (`[N, C, H, W]` of the loaded image) shapes
 * follow the image rather than the input node's params, and carry its batch size.
 *
 * @example
 * const { nodes } = summarizePipeline(leNet5(), [1, 1, 32, 32]);
 * nodes.get('conv1'); // { output: [1, 6, 28, 28], params: 156, macs: 117600, issues: [] }
 */
export function summarizePipeline(pipeline: Pipeline, inputShape?: readonly number[]): PipelineSummary {
  const nodes = new Map<string, NodeSummary>(pipeline.nodes.map((n) => [n.id, { id: n.id, kind: n.kind, issues: [] }]));
  const found: PipelineIssue[] = [];
  const parsed = parsePipeline(pipeline);
  if (!parsed.ok) found.push(...parsed.issues);
  // A node whose params fail the schema would only fail again, in other words, in inference.
  const malformed = new Set(parsed.ok ? [] : parsed.issues.filter((i) => i.nodeId !== undefined && i.field !== 'inputs' && i.field !== 'id').map((i) => i.nodeId as string));
  const runnable = reachable(withImage(pipeline, inputShape), malformed);
  if (runnable) {
    // Cached by structure: an edit that moves a node or renames it infers nothing again.
    const shapes = cachedShapes(runnable);
    found.push(...shapes.issues);
    const inferred = new Set(shapes.nodes.map((n) => n.node.id));
    const cost = costTable({ ...runnable, nodes: runnable.nodes.filter((n) => inferred.has(n.id)), edges: runnable.edges.filter((e) => inferred.has(e.source) && inferred.has(e.target)) });
    const batch = inputShape?.length === 4 ? inputShape[0] : 1;
    if (cost.ok) {
      for (const row of cost.table.rows) {
        const summary = nodes.get(row.id);
        if (summary) Object.assign(summary, { output: [batch, ...row.output], params: row.params, macs: row.macs });
      }
    }
  }
  const seen = new Set<string>();
  const unattached: PipelineIssue[] = [];
  for (const issue of found) {
    if (seen.has(key(issue))) continue;
    seen.add(key(issue));
    const summary = issue.nodeId === undefined ? undefined : nodes.get(issue.nodeId);
    if (summary) summary.issues.push(issue);
    else unattached.push(issue);
  }
  return { nodes, issues: unattached };
}
