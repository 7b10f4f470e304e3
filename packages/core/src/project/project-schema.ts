import { z } from 'zod';
import type { Pipeline } from '../nn/pipeline-types.js';
import type { ProjectWeights } from './model-weights.js';

/** The `format` of a project file. */
export const PROJECT_FORMAT = 'convstudio-project';
/** The project format version this library writes; it reads this one and migrates older ones. */
export const PROJECT_VERSION = 2;
/** Project text above this is refused before parsing (large weights live in the sidecar, not here). */
export const MAX_PROJECT_BYTES = 64 * 1024 * 1024;
/** A weights sidecar above this is refused before reading: AlexNet's 61 million weights take 245 MB. */
export const MAX_SIDECAR_BYTES = 1024 * 1024 * 1024;
/** Above this many values in all, a project's weights go to a binary sidecar beside it. */
export const INLINE_WEIGHTS_LIMIT = 100_000;
/** The largest image a project embeds, as PNG bytes (base64 makes it a third larger in the file). */
export const MAX_EMBEDDED_IMAGE_BYTES = 8 * 1024 * 1024;

/** The image the pipeline ran on, embedded as base64 PNG bytes. */
export const embeddedImageSchema = z.strictObject({
  name: z.string().max(255),
  mimeType: z.literal('image/png'),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  data: z
    .string()
    .max(Math.ceil(MAX_EMBEDDED_IMAGE_BYTES / 3) * 4, `expected at most ${MAX_EMBEDDED_IMAGE_BYTES / 2 ** 20} MB of PNG bytes`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'),
});
export type EmbeddedImage = z.infer<typeof embeddedImageSchema>;

const tensorName = z.string().min(1).max(200);
const shape = z.array(z.number().int().nonnegative()).max(8);
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
const meta = z.record(z.string(), z.unknown()).optional();

/** Weights written into the project: named tensors with their values as JSON numbers (small models). */
const inlineWeightsSchema = z.strictObject({
  storage: z.literal('inline'),
  pipelineHash: z.string().max(64),
  meta,
  tensors: z.array(z.strictObject({ name: tensorName, shape, values: z.array(z.number()) })),
});
/** Weights in a binary sidecar beside the project ("CSWB" v2), named with its length and SHA-256. */
const sidecarWeightsSchema = z.strictObject({
  storage: z.literal('sidecar'),
  pipelineHash: z.string().max(64),
  meta,
  file: z.string().min(1).max(255).regex(/^(?!\.\.?$)[^/\\]+$/, 'expected a file name beside the project, without folders'),
  bytes: z.number().int().nonnegative(),
  sha256: sha256Hex,
});

/** The project file as stored (version 2); `pipeline` is checked by `parsePipeline` after this. */
export const projectFileSchema = z.strictObject({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  title: z.string().max(200),
  projectId: z.string().max(64).optional(),
  pipeline: z.unknown(),
  /** What a host was showing (the studio's view, scale, selection); each host checks its own. */
  viewState: z.record(z.string(), z.unknown()).optional(),
  image: embeddedImageSchema.optional(),
  weights: z.discriminatedUnion('storage', [inlineWeightsSchema, sidecarWeightsSchema]).optional(),
});
export type ProjectFileJson = z.infer<typeof projectFileSchema>;

/**
 * A project in memory: the pipeline, what a host was showing, the image it ran on and the
 * model's weights (Float32Arrays by name, never JSON numbers). What the file stores is
 * {@link ProjectFileJson}; `readProject` and `writeProject` convert.
 */
export interface Project {
  title: string;
  /** The template or example it started from, or a name the host made up. */
  projectId?: string;
  pipeline: Pipeline;
  viewState?: Record<string, unknown>;
  image?: EmbeddedImage;
  weights?: ProjectWeights;
}
