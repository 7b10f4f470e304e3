import { basename } from 'node:path';
import { z } from 'zod';
import type { ProjectDocument } from '../shared/project-schema.js';

/** Above this many inline numbers (about 2 MB of JSON), weights go to a file beside the project. */
export const INLINE_WEIGHTS_LIMIT = 100_000;
export const WEIGHTS_FORMAT = 'convstudio-weights';

const numbers = z.array(z.number().finite());
/** `<name>.weights.json`: each layer's weight and bias values, by node id. */
export const weightsSchema = z.strictObject({
  format: z.literal(WEIGHTS_FORMAT),
  version: z.literal(1),
  nodes: z.record(z.string().max(64), z.strictObject({ weight: numbers.optional(), bias: numbers.optional() })),
});
export type WeightsDocument = z.infer<typeof weightsSchema>;

type Node = ProjectDocument['pipeline']['nodes'][number] & { weight?: { values?: number[] }; biasValues?: number[] };

/** `/a/net.convstudio.json` → `net.weights.json`, the weights file's name beside it. */
export function weightsFileName(projectPath: string): string {
  return `${basename(projectPath).replace(/\.convstudio\.json$/i, '').replace(/\.json$/i, '')}.weights.json`;
}

/**
 * Splits large inline weights out of a project: the project keeps `weightsFile` and its layers
 * lose `weight.values` and `biasValues` (so it stays a valid pipeline that would fall back to
 * each layer's default initializer); the weights document holds them. `undefined` when the
 * weights are small enough to stay inline.
 *
 * @example
 * const split = splitWeights(project, 'net.weights.json');
 * if (split) { await atomicWrite(weightsPath, JSON.stringify(split.weights)); project = split.project; }
 */
export function splitWeights(project: ProjectDocument, fileName: string, limit = INLINE_WEIGHTS_LIMIT): { project: ProjectDocument & { weightsFile: string }; weights: WeightsDocument } | undefined {
  const nodes = project.pipeline.nodes as Node[];
  const count = nodes.reduce((sum, n) => sum + (n.weight?.values?.length ?? 0) + (n.biasValues?.length ?? 0), 0);
  if (count <= limit) return undefined;
  const weights: WeightsDocument = { format: WEIGHTS_FORMAT, version: 1, nodes: {} };
  const stripped = nodes.map((node) => {
    if (!node.weight?.values && !node.biasValues) return node;
    weights.nodes[node.id] = { ...(node.weight?.values ? { weight: node.weight.values } : {}), ...(node.biasValues ? { bias: node.biasValues } : {}) };
    const rest: Node = { ...node };
    delete rest.biasValues;
    if (rest.weight?.values) delete rest.weight;
    return rest;
  });
  return { project: { ...project, weightsFile: fileName, pipeline: { ...project.pipeline, nodes: stripped as ProjectDocument['pipeline']['nodes'] } }, weights };
}

/**
 * Puts a weights file's values back into the project document it belongs to (before the
 * project is checked, so core's checks see the whole pipeline). Throws naming the node when the
 * file names a layer the project does not have.
 *
 * @example
 * const doc = joinWeights(JSON.parse(projectText), weightsSchema.parse(JSON.parse(weightsText)));
 */
export function joinWeights(doc: { pipeline: { nodes: Record<string, unknown>[] }; weightsFile?: string }, weights: WeightsDocument): unknown {
  const ids = new Set(doc.pipeline.nodes.map((n) => n.id));
  const unknown = Object.keys(weights.nodes).find((id) => !ids.has(id));
  if (unknown) throw new Error(`${doc.weightsFile}: nodes.${unknown}: expected a layer of the project, got an id the pipeline does not have`);
  const nodes = doc.pipeline.nodes.map((node) => {
    const values = weights.nodes[node.id as string];
    if (!values) return node;
    return { ...node, ...(values.weight ? { weight: { values: values.weight } } : {}), ...(values.bias ? { biasValues: values.bias } : {}) };
  });
  const joined: Record<string, unknown> = { ...doc, pipeline: { ...doc.pipeline, nodes } };
  delete joined.weightsFile;
  return joined;
}
