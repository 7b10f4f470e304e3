import { parsePipeline, templates, type Pipeline } from '@convstudio/core';
import { z } from 'zod';

/** The `.convstudio.json` format this studio writes and reads. */
export const PROJECT_FORMAT = 'convstudio-project';
export const PROJECT_VERSION = 1;
/** Project files above this are refused before parsing: a pipeline with inline weights stays far below it. */
export const MAX_PROJECT_BYTES = 64 * 1024 * 1024;

/** What the studio was showing when the project was saved. */
export const viewStateSchema = z.strictObject({
  view: z.enum(['figure', 'maps', 'stack', 'cost', 'train', 'gradients', 'compare', 'lab']),
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
});
export type ViewState = z.infer<typeof viewStateSchema>;

/** The largest image a project embeds, as PNG bytes (base64 makes it a third larger in the file). */
export const MAX_EMBEDDED_IMAGE_BYTES = 8 * 1024 * 1024;
/** The image the pipeline ran on, saved with the project as base64 PNG bytes. */
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

// The pipeline (with its kernels and weights) is checked by core's parsePipeline, so the
// studio never holds a second copy of the layer rules.
const envelopeSchema = z.strictObject({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  projectId: z.string().max(64),
  title: z.string().max(200),
  pipeline: z.unknown(),
  viewState: viewStateSchema,
  image: embeddedImageSchema.optional(),
});

/** A saved studio project: the pipeline with its kernels and weights, the view state, and optionally the image. */
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

/** A project read from text, or why it was refused (each message names the field). */
export type ProjectParseResult = { ok: true; project: ProjectDocument } | { ok: false; error: string };

/**
 * Checks a project document (parsed JSON or anything from IPC): the envelope with zod, the
 * pipeline with core's `parsePipeline`. A bare pipeline file (the CLI's format) is read as a
 * project too. Never throws.
 *
 * @example
 * const result = parseProject(JSON.parse(text));
 * if (!result.ok) showError(result.error);
 */
export function parseProject(doc: unknown): ProjectParseResult {
  const weightsFile = (doc as { weightsFile?: unknown } | null)?.weightsFile;
  if (weightsFile !== undefined) {
    // Only the main process joins a weights file (it may read beside a file the user chose).
    return { ok: false, error: `weightsFile: this project keeps its weights in ${JSON.stringify(weightsFile)} beside it; open it with File › Open Pipeline in the desktop studio` };
  }
  if ((doc as { format?: unknown } | null)?.format === 'convstudio-pipeline') return projectFromPipelineFile(doc);
  const envelope = envelopeSchema.safeParse(doc);
  if (!envelope.success) {
    const first = envelope.error.issues[0];
    const field = first.path.map(String).join('.') || '(document)';
    return { ok: false, error: `not a ConvStudio project: ${field}: ${first.message}` };
  }
  const pipeline = parsePipeline(envelope.data.pipeline);
  if (!pipeline.ok) {
    return { ok: false, error: `the project's pipeline is invalid: ${pipeline.issues.map((i) => i.message).slice(0, 5).join('; ')}` };
  }
  return { ok: true, project: { ...envelope.data, pipeline: pipeline.pipeline } };
}

/**
 * A bare pipeline file, as the CLI writes it (`convstudio template worked-example --out x.json`),
 * read as a project: a template's own pipeline keeps the template's id, the title is the
 * pipeline's name, and the view state is the CLI's defaults (pixels 0 to 1, on the CPU).
 */
function projectFromPipelineFile(doc: unknown): ProjectParseResult {
  const parsed = parsePipeline(doc);
  if (!parsed.ok) return { ok: false, error: `the pipeline file is invalid: ${parsed.issues.map((i) => i.message).slice(0, 5).join('; ')}` };
  const { pipeline } = parsed;
  const template = templates.find((t) => t.title === pipeline.name);
  const title = (pipeline.name ?? '').trim().slice(0, 200) || 'Untitled pipeline';
  const projectId = template?.id ?? ((pipeline.name ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 64) || 'pipeline');
  return { ok: true, project: { format: PROJECT_FORMAT, version: PROJECT_VERSION, projectId, title, pipeline, viewState: { view: 'maps', scale: '0-1', backend: 'cpu' } } };
}

/**
 * Reads a `.convstudio.json` file's text: refuses it when over `MAX_PROJECT_BYTES` or not JSON,
 * then checks it with {@link parseProject}.
 *
 * @example
 * const result = parseProjectText(await readFile(path, 'utf8'));
 */
export function parseProjectText(text: string, maxBytes = MAX_PROJECT_BYTES): ProjectParseResult {
  const json = parseJsonText(text, maxBytes, 'project file');
  return json.ok ? parseProject(json.doc) : json;
}

/**
 * JSON text to a value, refusing text over `maxBytes` first; errors start with `what`.
 *
 * @example
 * const json = parseJsonText(text, 1024, 'weights file'); // { ok: true, doc } or { ok: false, error }
 */
export function parseJsonText(text: string, maxBytes: number, what: string): { ok: true; doc: unknown } | { ok: false; error: string } {
  if (text.length > maxBytes) return { ok: false, error: `${what} too large: expected at most ${maxBytes} bytes, got ${text.length}` };
  try {
    return { ok: true, doc: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `${what} is not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * The text written to disk: stable two-space JSON ending in a newline, so saved projects diff well.
 *
 * @example
 * await atomicWrite(path, serializeProject(project));
 */
export function serializeProject(project: ProjectDocument): string {
  return `${JSON.stringify(project, null, 2)}\n`;
}
