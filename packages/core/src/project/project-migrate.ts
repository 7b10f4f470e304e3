import { z } from 'zod';
import { pipelineHash } from '../nn/compile-pipeline.js';
import type { Pipeline } from '../nn/pipeline-types.js';
import { templates } from '../nn/templates/index.js';
import type { Sha256 } from './digest.js';
import { migrateStudioBinaryV1 } from './legacy-weights.js';
import { takeNodeValues } from './node-values.js';
import { ProjectFileError } from './project-error.js';
import { checkedPipeline, decodeUtf8, type ReadBeside } from './checked-pipeline.js';
import { embeddedImageSchema, MAX_SIDECAR_BYTES, type Project } from './project-schema.js';

/**
 * A bare pipeline file (`convstudio template --out`, or one written by hand) as a project: the
 * title is the pipeline's name, and a template's own pipeline keeps the template's id.
 *
 * @example
 * migrateBarePipeline(JSON.parse(text), 'net.json'); // { title: 'Small FCN', projectId: 'small-fcn', pipeline }
 */
export function migrateBarePipeline(document: unknown, fileName: string): Project {
  const pipeline = checkedPipeline(document, fileName, '');
  const name = (pipeline.name ?? '').trim();
  const template = templates.find((t) => t.title === name);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 64);
  return { title: name.slice(0, 200) || 'Untitled pipeline', projectId: template?.id ?? (slug || 'pipeline'), pipeline };
}

// The studio's project of version 1 (apps/studio before the one format): weights in the nodes,
// or in a binary "CSWB" v1 file beside it named with its length and SHA-256, or (earlier still) a
// JSON file beside it with values by node id.
const studioV1Schema = z.strictObject({
  format: z.literal('convstudio-project'),
  version: z.literal(1),
  projectId: z.string().max(64),
  title: z.string().max(200),
  pipeline: z.unknown(),
  viewState: z.record(z.string(), z.unknown()),
  image: embeddedImageSchema.optional(),
  weightsFile: z.string().min(1).max(255).regex(/^(?!\.\.?$)[^/\\]+$/, 'expected a file name beside the project, without folders').optional(),
  weightsSha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits').optional(),
  weightsBytes: z.number().int().nonnegative().optional(),
});
const legacyJsonWeights = z.strictObject({
  format: z.literal('convstudio-weights'),
  version: z.literal(1),
  nodes: z.record(z.string(), z.strictObject({ weight: z.array(z.number().finite()).optional(), bias: z.array(z.number().finite()).optional() })),
});

/**
 * A studio project of version 1 as a version 2 project: the weights beside it (checked by length
 * and SHA-256) or in its nodes become named tensors, the view state and image are kept.
 *
 * @example
 * const { project, sidecar } = await migrateStudioProjectV1(JSON.parse(text), { fileName, readBeside, sha256 });
 */
export async function migrateStudioProjectV1(
  document: unknown,
  options: { fileName: string; readBeside?: ReadBeside; sha256: Sha256 },
): Promise<{ project: Project; sidecar?: string }> {
  const { fileName } = options;
  const parsed = studioV1Schema.safeParse(document);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ProjectFileError(fileName, first.path.map(String).join('.') || '(document)', first.message);
  }
  const v1 = parsed.data;
  const pipeline = checkedPipeline(v1.pipeline, fileName);
  // A file beside it held the weights the studio took out of the nodes (above its inline limit):
  // they become the project's weights. Values written in the nodes stay there, as typed (a
  // pipeline's own `weight.values`), so a small project reads back exactly as it was.
  const taken = v1.weightsFile === undefined ? { pipeline, tensors: new Map() } : takeNodeValues(await joinWeightsBeside(pipeline, v1, options));
  const project: Project = {
    title: v1.title,
    projectId: v1.projectId,
    pipeline: taken.pipeline,
    viewState: v1.viewState,
    ...(v1.image ? { image: v1.image } : {}),
    ...(taken.tensors.size > 0 ? { weights: { pipelineHash: pipelineHash(taken.pipeline), tensors: taken.tensors } } : {}),
  };
  return { project, ...(v1.weightsFile !== undefined ? { sidecar: v1.weightsFile } : {}) };
}

async function joinWeightsBeside(pipeline: Pipeline, v1: z.infer<typeof studioV1Schema>, options: { fileName: string; readBeside?: ReadBeside; sha256: Sha256 }): Promise<Pipeline> {
  const { fileName, readBeside } = options;
  const name = v1.weightsFile!;
  if (!readBeside) throw new ProjectFileError(fileName, 'weightsFile', `this project keeps its weights in ${name} beside it, and this host cannot read files beside a project`);
  let bytes: Uint8Array;
  try {
    bytes = await readBeside(name, MAX_SIDECAR_BYTES);
  } catch (error) {
    throw new ProjectFileError(fileName, 'weightsFile', `the weights file ${name} beside the project could not be read: ${(error as Error).message}`, { cause: error });
  }
  const values = new Map<string, { weight?: ArrayLike<number>; bias?: ArrayLike<number> }>();
  if (v1.weightsSha256 !== undefined) {
    const refused = 'the project was not opened, so that it never runs with weights from another save';
    if (bytes.length !== v1.weightsBytes) throw new ProjectFileError(fileName, 'weightsBytes', `the weights file ${name} has ${bytes.length} bytes, the project was saved with ${v1.weightsBytes}; ${refused}`);
    const sha256 = await options.sha256(bytes);
    if (sha256 !== v1.weightsSha256) throw new ProjectFileError(fileName, 'weightsSha256', `the weights file ${name} is not the one the project was saved with (SHA-256 ${sha256.slice(0, 12)}…, expected ${v1.weightsSha256.slice(0, 12)}…); ${refused}`);
    for (const [key, data] of migrateStudioBinaryV1(bytes, name)) {
      const dot = key.lastIndexOf('.');
      const id = key.slice(0, dot);
      values.set(id, { ...values.get(id), [key.slice(dot + 1)]: data });
    }
  } else {
    let json: unknown;
    try {
      json = JSON.parse(decodeUtf8(bytes));
    } catch (error) {
      throw new ProjectFileError(name, '(file)', `not valid JSON: ${(error as Error).message}`);
    }
    const legacy = legacyJsonWeights.safeParse(json);
    if (!legacy.success) throw new ProjectFileError(name, legacy.error.issues[0].path.map(String).join('.') || '(document)', legacy.error.issues[0].message);
    for (const [id, layer] of Object.entries(legacy.data.nodes)) values.set(id, layer);
  }
  const ids = new Set(pipeline.nodes.map((n) => n.id));
  const unknown = [...values.keys()].find((id) => !ids.has(id));
  if (unknown !== undefined) throw new ProjectFileError(name, `nodes.${unknown}`, 'expected a layer of the project, got an id the pipeline does not have');
  const nodes = pipeline.nodes.map((node) => {
    const layer = values.get(node.id);
    if (!layer || node.kind === 'input') return node;
    return { ...node, ...(layer.weight ? { weight: { values: Array.from(layer.weight) } } : {}), ...(layer.bias ? { biasValues: Array.from(layer.bias) } : {}) };
  });
  return checkedPipeline({ ...pipeline, nodes }, fileName);
}
