import type { StringStringEntryProto } from 'onnx-buf';
import { parsePipeline } from '../nn/parse-pipeline.js';
import type { Pipeline } from '../nn/pipeline-types.js';
import { metadataOf, PIPELINE } from './metadata.js';

// Key order does not matter: params written by hand and params read back compare equal.
const sorted = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(sorted) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sorted(v)])) : value;

const structure = (p: Pipeline) =>
  JSON.stringify({
    nodes: p.nodes.map((n) => JSON.stringify([n.id, n.kind, sorted(n.params)])).sort(),
    edges: p.edges.map((e) => JSON.stringify([e.source, e.target, e.port ?? 0])).sort(),
  });

/**
 * The pipeline document ConvStudio's export stored in the model's metadata, when it describes
 * exactly the imported graph (same nodes, kinds, params and edges): it keeps what ONNX has no
 * place for (labels, positions, frozen layers, seeds). Undefined otherwise.
 */
export function restoredPipeline(metadata: readonly StringStringEntryProto[], imported: Pipeline): Pipeline | undefined {
  const text = metadataOf(metadata).get(PIPELINE);
  if (text === undefined) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = parsePipeline(document);
  if (!parsed.ok) return undefined;
  return structure(parsed.pipeline) === structure(imported) ? parsed.pipeline : undefined;
}
