import { canonicalJson, hashString } from './hash.js';
import { type AnyNodeSpec, nodeSpec } from './layers/index.js';
import { parsePipeline } from './parse-pipeline.js';
import type { Pipeline, PipelineIssue, PipelineNode } from './pipeline-types.js';
import { type InferredNode, inferShapes, type ShapeReport } from './shape-inference.js';

/**
 * A hash of a pipeline's structure (node ids, kinds and params, and edges); positions, labels,
 * names, descriptions, the seed and weight sources do not count. Shape inference depends on
 * exactly this, so it is also the key of the inference cache.
 *
 * @example
 * pipelineHash(leNet5()) === pipelineHash({ ...leNet5(), name: 'renamed' }); // true
 */
export function pipelineHash(pipeline: Pipeline): string {
  const structure = {
    nodes: pipeline.nodes.map(({ id, kind, params }) => ({ id, kind, params })),
    edges: pipeline.edges,
  };
  return hashString(canonicalJson(structure));
}

// A small LRU of shape reports: the editor, the cost table, the receptive fields and the model
// ask for the same document's shapes after every edit; inferring AlexNet again each time costs.
const CACHE_SIZE = 16;
const reports = new Map<string, ShapeReport>();

/** The report with its nodes taken from `pipeline` (same structure, maybe other weights or labels). */
function rebind(report: ShapeReport, pipeline: Pipeline): ShapeReport {
  const current = new Map<string, PipelineNode>(pipeline.nodes.map((n) => [n.id, n]));
  const nodes = report.nodes.map((n): InferredNode => ({ ...n, node: current.get(n.node.id) ?? n.node }));
  return { nodes, byId: new Map(nodes.map((n) => [n.node.id, n])), issues: report.issues };
}

/**
 * {@link inferShapes} through a cache keyed by {@link pipelineHash}: the same structure is
 * inferred once, and the answer carries the given pipeline's own node objects.
 *
 * @example
 * const report = cachedShapes(pipeline); // a second call with an equal structure infers nothing
 */
export function cachedShapes(pipeline: Pipeline): ShapeReport {
  const key = pipelineHash(pipeline);
  const hit = reports.get(key);
  if (hit) {
    reports.delete(key);
    reports.set(key, hit);
    return rebind(hit, pipeline);
  }
  const report = inferShapes(pipeline);
  reports.set(key, report);
  if (reports.size > CACHE_SIZE) reports.delete(reports.keys().next().value as string);
  return report;
}

/** A checked pipeline, ready to build a model or analyses from. */
export type CompiledPipeline =
  | {
      ok: true;
      pipeline: Pipeline;
      /** Every node with its inputs and shapes, in execution order. */
      report: ShapeReport;
      /** Node ids in execution order. */
      order: string[];
      /** Each node's spec, by node id. */
      specs: Map<string, AnyNodeSpec>;
      /** {@link pipelineHash} of the document. */
      hash: string;
      issues: [];
    }
  | { ok: false; issues: PipelineIssue[] };

/**
 * Parses and validates a pipeline document and infers its shapes (once per structure: see
 * {@link cachedShapes}); returns the plan every consumer builds on, or every issue found.
 *
 * @example
 * const plan = compilePipeline(JSON.parse(text));
 * if (plan.ok) plan.report.byId.get('conv1')?.shapes.output; // [6, 28, 28]
 */
export function compilePipeline(document: unknown): CompiledPipeline {
  const parsed = parsePipeline(document);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const report = cachedShapes(parsed.pipeline);
  if (report.issues.length > 0) return { ok: false, issues: report.issues };
  const order = report.nodes.map((n) => n.node.id);
  const specs = new Map(report.nodes.map((n) => [n.node.id, nodeSpec(n.node.kind)]));
  return { ok: true, pipeline: parsed.pipeline, report, order, specs, hash: pipelineHash(parsed.pipeline), issues: [] };
}
