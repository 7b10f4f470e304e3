import { z } from 'zod';
import { kernelPresetNames } from '../data/kernel-presets.js';
import { describe as describeValue } from '../shape.js';
import { checkGraph } from './graph.js';
import { float32Values } from './float32-values.js';
import { layerParamSchemas, nodeKinds, parameterizedKinds, type NodeKind } from './layer-params.js';
import { issue } from './pipeline-issues.js';
import { PIPELINE_VERSION, type Pipeline, type PipelineIssue, type PipelineNode } from './pipeline-types.js';

const nodeId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected 1 to 64 letters, digits, "_", "-" or "."');
const weightSource = z.union([
  z.strictObject({ init: z.enum(['he', 'xavier', 'zeros', 'ones']), seed: z.number().int().optional() }),
  z.strictObject({ values: float32Values }),
  z.strictObject({ presets: z.array(z.enum(kernelPresetNames)).min(1) }),
]);
const nodeCommon = {
  id: nodeId,
  label: z.string().max(200).optional(),
  position: z.strictObject({ x: z.number().finite(), y: z.number().finite() }).optional(),
};
const parameterizedExtras = {
  weight: weightSource.optional(),
  biasValues: float32Values.optional(),
  // Names and lengths are checked against the layer's buffers when the model builds them (initBuffers).
  bufferValues: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'expected a buffer name such as "runningMean"'), float32Values).optional(),
  frozen: z.boolean().optional(),
};
const envelope = z.strictObject({
  format: z.literal('convstudio-pipeline'),
  version: z.literal(PIPELINE_VERSION),
  name: z.string().max(200).optional(),
  description: z.string().max(5000).optional(),
  seed: z.number().int().optional(),
  nodes: z.array(z.unknown()).min(1),
  edges: z.array(z.strictObject({ source: nodeId, target: nodeId, port: z.number().int().nonnegative().optional() })),
});

/**
 * The most nodes and edges a pipeline may have. Real networks have hundreds; the limits keep a
 * hostile or broken file from stalling the loader (the studio checks on its main thread), and
 * every check runs in linear time up to them (packages/core/BENCHMARKS.md, "Pipeline loading").
 */
export const PIPELINE_LIMITS = { nodes: 100_000, edges: 200_000 } as const;

function buildNodeSchema(kind: NodeKind) {
  const base = { ...nodeCommon, kind: z.literal(kind), params: layerParamSchemas[kind] };
  return (parameterizedKinds as readonly string[]).includes(kind) ? z.strictObject({ ...base, ...parameterizedExtras }) : z.strictObject(base);
}

// Built once per kind, not once per node: building a schema costs more than using it.
const nodeSchemas = new Map(nodeKinds.map((kind) => [kind, buildNodeSchema(kind)]));
const nodeSchema = (kind: NodeKind) => nodeSchemas.get(kind) as ReturnType<typeof buildNodeSchema>;

/** A count limit, checked before anything else reads the arrays. */
function countIssue(doc: Record<string, unknown>, field: 'nodes' | 'edges'): PipelineIssue | undefined {
  const list = doc[field];
  const limit = PIPELINE_LIMITS[field];
  if (!Array.isArray(list) || list.length <= limit) return undefined;
  return issue(field, `has ${list.length} ${field}, above the limit of ${limit} ${field} a pipeline may have`);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), root);
}

function zodIssues(error: z.ZodError, root: unknown, prefix: string, node?: { id: string; kind: string }): PipelineIssue[] {
  return error.issues.map((i) => {
    const path = i.path.map(String);
    if (i.code === 'unrecognized_keys') {
      const field = [prefix, ...path].filter(Boolean).join('.') || '(document)';
      return issue(field, `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}`, node);
    }
    const field = [prefix, ...path].filter(Boolean).join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]') || '(document)';
    return issue(field, `${i.message.replace(/^Invalid input: /, '')}, got ${describeValue(valueAt(root, i.path))}`, node);
  });
}

/** The result of {@link parsePipeline}: the typed pipeline, or every issue found. */
export type ParseResult = { ok: true; pipeline: Pipeline } | { ok: false; issues: PipelineIssue[] };

function versionIssue(doc: Record<string, unknown>): PipelineIssue | undefined {
  const version = doc.version;
  if (version === PIPELINE_VERSION) return undefined;
  if (typeof version === 'number' && version > PIPELINE_VERSION) {
    return issue('version', `this pipeline was saved by a newer ConvStudio (format version ${version}); this version reads format ${PIPELINE_VERSION}. Update ConvStudio to open it`);
  }
  return issue('version', `expected format version ${PIPELINE_VERSION}, got ${describeValue(version)}: there is no older format to migrate from, so this is not a ConvStudio pipeline or it is damaged`);
}

/**
 * Checks a pipeline document (parsed JSON): the envelope and version, every node's kind and
 * params, the edges, and the graph (one input, no cycles, no dangling edges, the right number
 * of inputs per node). Shapes are checked by {@link inferShapes}. Never throws.
 *
 * @example
 * const result = parsePipeline(JSON.parse(text));
 * if (!result.ok) for (const i of result.issues) console.error(i.message);
 */
export function parsePipeline(doc: unknown): ParseResult {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { ok: false, issues: [issue('(document)', `expected a pipeline object, got ${describeValue(doc)}`)] };
  }
  const record = doc as Record<string, unknown>;
  if (record.format !== 'convstudio-pipeline') {
    return { ok: false, issues: [issue('format', `expected 'convstudio-pipeline', got ${describeValue(record.format)}`)] };
  }
  const version = versionIssue(record);
  if (version) return { ok: false, issues: [version] };
  const tooMany = [countIssue(record, 'nodes'), countIssue(record, 'edges')].filter((i) => i !== undefined);
  if (tooMany.length > 0) return { ok: false, issues: tooMany };
  const parsed = envelope.safeParse(doc);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error, doc, '') };
  const issues: PipelineIssue[] = [];
  const nodes: PipelineNode[] = [];
  parsed.data.nodes.forEach((raw, index) => {
    const candidate = raw as Record<string, unknown> | null;
    const id = typeof candidate?.id === 'string' ? candidate.id : `nodes[${index}]`;
    const kind = candidate?.kind;
    if (typeof kind !== 'string' || !(nodeKinds as string[]).includes(kind)) {
      issues.push(issue('kind', `expected one of ${nodeKinds.join(', ')}, got ${describeValue(kind)}`, { id }));
      return;
    }
    const result = nodeSchema(kind as NodeKind).safeParse(raw);
    if (result.success) nodes.push(result.data as PipelineNode);
    else issues.push(...zodIssues(result.error, raw, '', { id, kind }));
  });
  if (issues.length > 0) return { ok: false, issues };
  const pipeline = { ...parsed.data, nodes } as Pipeline;
  const graphIssues = checkGraph(pipeline);
  return graphIssues.length > 0 ? { ok: false, issues: graphIssues } : { ok: true, pipeline };
}
