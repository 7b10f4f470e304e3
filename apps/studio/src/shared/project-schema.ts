import {
  INLINE_WEIGHTS_LIMIT, MAX_EMBEDDED_IMAGE_BYTES, MAX_PROJECT_BYTES, PROJECT_VERSION as CORE_PROJECT_VERSION, ProjectFileError, embeddedImageSchema, parsePipeline, pipelineHash,
  putNodeValues, readProject, takeNodeValues, writeProject, type EmbeddedImage, type Pipeline, type ReadBeside, type Sha256, type WrittenProject,
} from '@convstudio/core';
import { z } from 'zod';
import { trainedFromMeta } from './trained-summary.js';

/** The `.convstudio.json` format: core's one project file, which the CLI reads and writes too. */
export const PROJECT_FORMAT = 'convstudio-project';
export const PROJECT_VERSION = CORE_PROJECT_VERSION;
export { MAX_PROJECT_BYTES, MAX_EMBEDDED_IMAGE_BYTES, embeddedImageSchema, INLINE_WEIGHTS_LIMIT };
export type { EmbeddedImage, ReadBeside, WrittenProject };

/** What the studio was showing when the project was saved. */
export const viewStateSchema = z.strictObject({
  view: z.enum(['figure', 'maps', 'stack', 'cost', 'train', 'gradients', 'compare', 'upconv', 'lab']),
  scale: z.enum(['0-1', '0-255']),
  backend: z.enum(['cpu', 'webgpu']),
  selectedNodeId: z.string().max(64).optional(),
  /** A typed-in input matrix that replaces the image (optional; absent in image projects). */
  inputMatrix: z
    .strictObject({
      shape: z.tuple([z.number().int().min(1).max(16), z.number().int().min(1).max(256), z.number().int().min(1).max(256)]),
      values: z.array(z.number().finite()).max(16 * 256 * 256),
    })
    .refine((m) => m.values.length === m.shape[0] * m.shape[1] * m.shape[2], { message: 'needs channels x height x width values' })
    .optional(),
  /** How the weights were trained, for the weights badge (a trained model reopened must not read as set by hand). */
  trained: z.strictObject({ task: z.string().max(120), epochs: z.number().int().min(1).max(1_000_000) }).optional(),
});
export type ViewState = z.infer<typeof viewStateSchema>;
/** The view a file without the studio's view state (one the CLI wrote) opens in. */
export const DEFAULT_VIEW_STATE: ViewState = { view: 'maps', scale: '0-1', backend: 'cpu' };

// The studio's document in memory (and over IPC): the pipeline is checked by core's parsePipeline.
const envelopeSchema = z.strictObject({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  projectId: z.string().max(64),
  title: z.string().max(200),
  pipeline: z.unknown(),
  viewState: viewStateSchema,
  image: embeddedImageSchema.optional(),
});

/**
 * A project as the studio holds it: the pipeline (trained weights and running statistics written into its layers), the
 * view state, and optionally the image. Files store it as core's project format (version 2),
 * through {@link readProjectContent} and {@link writeProjectContent}.
 */
export interface ProjectDocument {
  format: typeof PROJECT_FORMAT;
  version: typeof PROJECT_VERSION;
  projectId: string;
  title: string;
  pipeline: Pipeline;
  viewState: ViewState;
  /** Absent in projects saved before images were embedded, and when the image was too large. */
  image?: EmbeddedImage;
}

/** A project, or why it was refused (each message names the field). */
export type ProjectParseResult = { ok: true; project: ProjectDocument } | { ok: false; error: string };

/**
 * Checks a project the studio holds (from IPC, an autosave in memory): the envelope with zod,
 * the pipeline with core's `parsePipeline`. Files go through {@link readProjectContent}. Never throws.
 *
 * @example
 * const result = parseProject(message.project);
 */
export function parseProject(doc: unknown): ProjectParseResult {
  const envelope = envelopeSchema.safeParse(doc);
  if (!envelope.success) {
    const first = envelope.error.issues[0];
    return { ok: false, error: `not a ConvStudio project: ${first.path.map(String).join('.') || '(document)'}: ${first.message}` };
  }
  const pipeline = parsePipeline(envelope.data.pipeline);
  if (!pipeline.ok) return { ok: false, error: `the project's pipeline is invalid: ${pipeline.issues.map((i) => i.message).slice(0, 5).join('; ')}` };
  return { ok: true, project: { ...envelope.data, pipeline: pipeline.pipeline } };
}

/**
 * Reads a project file's bytes or text with core's one reader: version 2 (weights inline or in
 * the sidecar `readBeside` reads, checked by length and SHA-256), the studio's version 1 (weights
 * in the nodes or in its binary file) and the CLI's bare pipelines. Weights come back written
 * into the layers, as the studio holds them; a view state the studio does not know gives the
 * default view. Errors start with `fileName` and name the field. Never throws. The layers hold
 * the weights as Float32Arrays (shared with nothing else; never change them in place).
 *
 * @example
 * const result = await readProjectContent(bytes, '/home/ada/net.convstudio.json', readBeside);
 */
export async function readProjectContent(
  content: string | Uint8Array,
  fileName: string,
  readBeside?: ReadBeside,
  maxBytes = MAX_PROJECT_BYTES,
  sha256?: Sha256,
): Promise<ProjectParseResult & { sidecar?: string }> {
  try {
    const { project, sidecar } = await readProject(content, { fileName, readBeside, maxBytes, ...(sha256 ? { sha256 } : {}) });
    const view = viewStateSchema.safeParse(project.viewState);
    const slug = project.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 64);
    const document: ProjectDocument = {
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      projectId: project.projectId ?? (slug || 'pipeline'),
      title: project.title,
      // The sidecar's Float32Arrays go into the layers as they are (no copy, no number arrays):
      // the read bytes belong to this document alone.
      pipeline: project.weights ? putNodeValues(project.pipeline, project.weights.tensors, { as: 'float32' }) : project.pipeline,
      viewState: withTrained(view.success ? view.data : DEFAULT_VIEW_STATE, trainedFromMeta(project.weights?.meta)),
      ...(project.image ? { image: project.image } : {}),
    };
    return { ok: true, project: document, ...(sidecar ? { sidecar } : {}) };
  } catch (error) {
    if (error instanceof ProjectFileError) return { ok: false, error: error.message };
    return { ok: false, error: `${fileName}: ${(error as Error).message}` };
  }
}

/** The view state, with the weights' training (from their meta) where the studio's own record of it is missing. */
function withTrained(view: ViewState, fromMeta: ViewState['trained']): ViewState {
  return view.trained || !fromMeta ? view : { ...view, trained: fromMeta };
}

/** How many values a node holds: its weight, bias and buffers (running statistics). */
function valueCount(node: { weight?: unknown; biasValues?: ArrayLike<unknown>; bufferValues?: Record<string, ArrayLike<unknown>> }): number {
  const weight = (node.weight as { values?: ArrayLike<unknown> } | undefined)?.values?.length ?? 0;
  return weight + (node.biasValues?.length ?? 0) + Object.values(node.bufferValues ?? {}).reduce((n, values) => n + values.length, 0);
}

/**
 * The stored form of a project, by core's one writer (SHA-256 by `sha256`, default Web Crypto): with at most `inlineLimit` values written
 * into its layers, one text that keeps them there as typed; above it, the values leave the layers
 * for a binary sidecar ("CSWB" v2) that the text names by name, length, SHA-256 and pipeline hash.
 * Store the sidecar first, then the text, then remove the project's other sidecars.
 *
 * @example
 * const { text, sidecar } = await writeProjectContent(project, 'net.convstudio.json');
 */
export async function writeProjectContent(project: ProjectDocument, fileName: string, inlineLimit = INLINE_WEIGHTS_LIMIT, sha256?: Sha256): Promise<WrittenProject> {
  const count = project.pipeline.nodes.reduce((n, node) => n + valueCount(node), 0);
  // Above the limit the values leave the layers as tensors (Float32Arrays shared, not copied); at
  // most the limit, core's writer puts them in the text as numbers.
  const taken = count > inlineLimit ? takeNodeValues(project.pipeline) : { pipeline: project.pipeline, tensors: new Map() };
  return writeProject(
    {
      title: project.title,
      projectId: project.projectId,
      pipeline: taken.pipeline,
      viewState: project.viewState,
      ...(project.image ? { image: project.image } : {}),
      ...(taken.tensors.size > 0 ? { weights: { pipelineHash: pipelineHash(taken.pipeline), tensors: taken.tensors } } : {}),
    },
    { fileName, inlineLimit, ...(sha256 ? { sha256 } : {}) },
  );
}
