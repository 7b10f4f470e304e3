import type { z } from 'zod';
import { formatShape } from '../errors.js';
import { cachedShapes, pipelineHash } from '../nn/compile-pipeline.js';
import type { Pipeline } from '../nn/pipeline-types.js';
import { checkedPipeline, decodeUtf8, type ReadBeside } from './checked-pipeline.js';
import { describe as describeValue } from '../shape.js';
import { webCryptoSha256, type Sha256 } from './digest.js';
import type { ProjectWeights } from './model-weights.js';
import { storesFromWeights } from './model-weights.js';
import { plainNodeValues } from './node-values.js';
import { firstNonFinite } from './finite.js';
import { ProjectFileError } from './project-error.js';
import { migrateBarePipeline, migrateStudioProjectV1 } from './project-migrate.js';
import {
  INLINE_WEIGHTS_LIMIT, MAX_PROJECT_BYTES, MAX_SIDECAR_BYTES, PROJECT_FORMAT, PROJECT_VERSION, projectFileSchema, type Project, type ProjectFileJson,
} from './project-schema.js';
import { baseName, sidecarName } from './sidecar-name.js';
import { decodeWeightsSidecar, encodeWeightsSidecar, type NamedTensors } from './weights-sidecar.js';


/** How {@link readProject} finds what a project names. */
export interface ReadProjectOptions {
  /** The file as the user knows it; every error starts with it. */
  fileName: string;
  /** Reads the weights sidecar beside the project; a project that names one cannot open without it. */
  readBeside?: ReadBeside;
  /** SHA-256 as hex (default: Web Crypto). */
  sha256?: Sha256;
  /** Project text above this is refused before parsing (default {@link MAX_PROJECT_BYTES}). */
  maxBytes?: number;
}

/** Which format a file was in when it was not already the current project format. */
export type MigratedFrom = 'convstudio-pipeline v1' | 'convstudio-project v1';

/** What {@link readProject} found. */
export interface ReadProjectResult {
  project: Project;
  /** Set when the file was in an older format (the next save writes version 2). */
  migratedFrom?: MigratedFrom;
  /** The weights file beside the project that this read joined, by name. */
  sidecar?: string;
}

/**
 * Reads any ConvStudio project file, current or old: a version 2 project (weights inline or in a
 * sidecar, whose length and SHA-256 must match what the project names), a studio project of
 * version 1 (weights in its nodes or in a "CSWB" v1 file beside it), or a bare pipeline as
 * `convstudio template --out` wrote it. Old files come back as version 2 projects. A file from a
 * newer ConvStudio is refused, naming both versions. Every error is a {@link ProjectFileError}
 * naming the file and the field.
 *
 * @example
 * const { project } = await readProject(await readFile(path), { fileName: 'net.convstudio.json', readBeside });
 * const model = modelWithWeights(project.pipeline, project.weights, 'net.convstudio.json');
 */
export async function readProject(content: string | Uint8Array, options: ReadProjectOptions): Promise<ReadProjectResult> {
  const { fileName } = options;
  const maxBytes = options.maxBytes ?? MAX_PROJECT_BYTES;
  if (content.length > maxBytes) throw new ProjectFileError(fileName, '(file)', `too large: expected at most ${maxBytes} bytes, got ${content.length}`);
  const text = typeof content === 'string' ? content : decodeUtf8(content);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ProjectFileError(fileName, '(file)', `not valid JSON: ${(error as Error).message}`);
  }
  return readProjectDocument(document, options);
}

/**
 * {@link readProject} for a document already parsed from JSON (what a host got over IPC, say).
 *
 * @example
 * const { project } = await readProjectDocument(JSON.parse(text), { fileName: 'net.convstudio.json' });
 */
export async function readProjectDocument(document: unknown, options: ReadProjectOptions): Promise<ReadProjectResult> {
  const { fileName } = options;
  const record = document !== null && typeof document === 'object' && !Array.isArray(document) ? (document as Record<string, unknown>) : undefined;
  if (!record) throw new ProjectFileError(fileName, '(document)', `expected a ConvStudio project object, got ${describeValue(document)}`);
  if (record.format === 'convstudio-pipeline') return { project: migrateBarePipeline(record, fileName), migratedFrom: 'convstudio-pipeline v1' };
  if (record.format === 'convstudio-weights') {
    throw new ProjectFileError(fileName, 'format', 'this is a weights file, not a project: open the project it belongs to (the CLI takes it as --weights)');
  }
  if (record.format !== PROJECT_FORMAT) {
    throw new ProjectFileError(fileName, 'format', `expected "${PROJECT_FORMAT}" (or an older "convstudio-pipeline"), got ${describeValue(record.format)}`);
  }
  const version = record.version;
  if (typeof version === 'number' && version > PROJECT_VERSION) {
    throw new ProjectFileError(fileName, 'version', `made by a newer ConvStudio (project format version ${version}); this one reads versions 1 to ${PROJECT_VERSION}. Update ConvStudio to open it`);
  }
  if (version === 1) {
    const migrated = await migrateStudioProjectV1(record, { ...options, sha256: options.sha256 ?? webCryptoSha256 });
    return { ...migrated, migratedFrom: 'convstudio-project v1' };
  }
  if (version !== PROJECT_VERSION) throw new ProjectFileError(fileName, 'version', `expected 1 or ${PROJECT_VERSION}, got ${describeValue(version)}`);
  const parsed = projectFileSchema.safeParse(record);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ProjectFileError(fileName, first.path.map(String).join('.') || '(document)', first.message);
  }
  const file = parsed.data;
  const pipeline = checkedPipeline(file.pipeline, fileName);
  const { weights, sidecar } = file.weights ? await readWeights(file.weights, pipeline, options) : { weights: undefined, sidecar: undefined };
  const project: Project = {
    title: file.title,
    ...(file.projectId !== undefined ? { projectId: file.projectId } : {}),
    pipeline,
    ...(file.viewState ? { viewState: file.viewState } : {}),
    ...(file.image ? { image: file.image } : {}),
    ...(weights ? { weights } : {}),
  };
  return { project, ...(sidecar ? { sidecar } : {}) };
}

type StoredWeights = NonNullable<ProjectFileJson['weights']>;

async function readWeights(stored: StoredWeights, pipeline: Pipeline, options: ReadProjectOptions): Promise<{ weights: ProjectWeights; sidecar?: string }> {
  const { fileName } = options;
  const hash = pipelineHash(pipeline);
  if (stored.pipelineHash !== hash) {
    throw new ProjectFileError(fileName, 'weights.pipelineHash', `these weights were saved for another pipeline (hash ${stored.pipelineHash}, the project's pipeline has ${hash}); its layers or their parameters differ`);
  }
  const tensors = stored.storage === 'inline' ? inlineTensors(stored.tensors, fileName) : await sidecarTensors(stored, options);
  const weights: ProjectWeights = { pipelineHash: hash, tensors, ...(stored.meta ? { meta: stored.meta } : {}) };
  // Shapes are checked here, at open, when the pipeline infers; a pipeline mid-edit that does not is checked when it runs.
  const report = cachedShapes(pipeline);
  if (report.issues.length === 0) storesFromWeights(weights, report, fileName);
  return { weights, ...(stored.storage === 'sidecar' ? { sidecar: stored.file } : {}) };
}

function inlineTensors(stored: Extract<StoredWeights, { storage: 'inline' }>['tensors'], fileName: string): NamedTensors {
  const tensors: NamedTensors = new Map();
  stored.forEach(({ name, shape, values }, index) => {
    const field = `weights.tensors[${index}]`;
    if (tensors.has(name)) throw new ProjectFileError(fileName, `${field}.name`, `expected each name once, got "${name}" twice`);
    const length = shape.reduce((a, b) => a * b, 1);
    if (values.length !== length) throw new ProjectFileError(fileName, `${field}.values`, `expected ${length} values for shape ${formatShape(shape)}, got ${values.length}`);
    const data = Float32Array.from(values);
    const bad = firstNonFinite(data);
    if (bad >= 0) throw new ProjectFileError(fileName, `${field}.values[${bad}]`, `expected a finite float32, got ${values[bad]}`);
    tensors.set(name, { shape, data });
  });
  return tensors;
}

async function sidecarTensors(stored: Extract<StoredWeights, { storage: 'sidecar' }>, options: ReadProjectOptions): Promise<NamedTensors> {
  const { fileName, readBeside } = options;
  const name = stored.file;
  if (!readBeside) throw new ProjectFileError(fileName, 'weights.file', `this project keeps its weights in ${name} beside it, and this host cannot read files beside a project`);
  if (stored.bytes > MAX_SIDECAR_BYTES) throw new ProjectFileError(fileName, 'weights.bytes', `expected at most ${MAX_SIDECAR_BYTES} bytes of weights, got ${stored.bytes}`);
  let bytes: Uint8Array;
  try {
    bytes = await readBeside(name, MAX_SIDECAR_BYTES);
  } catch (error) {
    throw new ProjectFileError(fileName, 'weights.file', `the weights file ${name} beside the project could not be read: ${(error as Error).message}`, { cause: error });
  }
  const refused = 'the project was not opened, so that it never runs with weights from another save';
  if (bytes.length !== stored.bytes) throw new ProjectFileError(fileName, 'weights.bytes', `the weights file ${name} has ${bytes.length} bytes, the project was saved with ${stored.bytes}; ${refused}`);
  const sha256 = await (options.sha256 ?? webCryptoSha256)(bytes);
  if (sha256 !== stored.sha256) {
    throw new ProjectFileError(fileName, 'weights.sha256', `the weights file ${name} is not the one the project was saved with (SHA-256 ${sha256.slice(0, 12)}…, expected ${stored.sha256.slice(0, 12)}…); ${refused}`);
  }
  const decoded = decodeWeightsSidecar(bytes, name);
  if (decoded.pipelineHash !== stored.pipelineHash) {
    throw new ProjectFileError(name, 'pipelineHash', `expected ${stored.pipelineHash} as ${fileName} names, got ${decoded.pipelineHash}`);
  }
  return decoded.tensors;
}

/** How {@link writeProject} stores a project. */
export interface WriteProjectOptions {
  /** The project's file name (a path's last part is used): names the sidecar and every error. */
  fileName: string;
  /** Above this many weight values in all, they go to a binary sidecar (default {@link INLINE_WEIGHTS_LIMIT}). */
  inlineLimit?: number;
  /** SHA-256 as hex (default: Web Crypto). */
  sha256?: Sha256;
}

/** What {@link writeProject} returns: the project's text, and the sidecar it names when the weights are large. */
export interface WrittenProject {
  text: string;
  sidecar?: { name: string; bytes: Uint8Array; sha256: string };
}

/**
 * Turns a project into what is stored, always the current version: the text, with small
 * weights inline as named tensors; above `inlineLimit` values, a text naming a binary sidecar
 * ("CSWB" v2) by name, length, SHA-256 and pipeline hash, and that sidecar's bytes. Store the
 * sidecar first, then the text, then remove the project's other sidecars: at every moment the
 * stored text names weights that are whole. Refuses non-finite weights and weights of another
 * pipeline (naming the file and tensor), since such a file would not open again.
 *
 * @example
 * const { text, sidecar } = await writeProject(project, { fileName: 'net.convstudio.json' });
 * if (sidecar) await writeFile(sidecar.name, sidecar.bytes);
 * await writeFile('net.convstudio.json', text);
 */
export async function writeProject(project: Project, options: WriteProjectOptions): Promise<WrittenProject> {
  const fileName = baseName(options.fileName);
  const { weights } = project;
  const file: ProjectFileJson = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    title: project.title,
    ...(project.projectId !== undefined ? { projectId: project.projectId } : {}),
    // Values a host keeps as Float32Arrays in the layers go into the text as numbers.
    pipeline: plainNodeValues(project.pipeline),
    ...(project.viewState ? { viewState: project.viewState } : {}),
    ...(project.image ? { image: project.image } : {}),
  };
  if (!weights) return { text: stringify(file, fileName) };
  const hash = pipelineHash(project.pipeline);
  if (weights.pipelineHash !== hash) {
    throw new ProjectFileError(fileName, 'weights.pipelineHash', `the weights belong to another pipeline (hash ${weights.pipelineHash}, the project's pipeline has ${hash}); drop them or train again before saving`);
  }
  let count = 0;
  for (const [name, { shape, data }] of weights.tensors) {
    const length = shape.reduce((a, b) => a * b, 1);
    if (data.length !== length) throw new ProjectFileError(fileName, `weights.${name}`, `shape ${formatShape(shape)} needs ${length} values, got ${data.length}`);
    // Not findIndex: its callback per value took seconds on AlexNet's 61 million.
    const bad = firstNonFinite(data);
    if (bad >= 0) throw new ProjectFileError(fileName, `weights.${name}[${bad}]`, `expected a finite float32, got ${data[bad]} (training diverged?)`);
    count += length;
  }
  const common = { pipelineHash: hash, ...(weights.meta ? { meta: weights.meta } : {}) };
  if (count <= (options.inlineLimit ?? INLINE_WEIGHTS_LIMIT)) {
    const tensors = [...weights.tensors].map(([name, t]) => ({ name, shape: [...t.shape], values: Array.from(t.data) }));
    return { text: stringify({ ...file, weights: { storage: 'inline', ...common, tensors } }, fileName) };
  }
  const bytes = encodeWeightsSidecar(weights.tensors, hash);
  const sha256 = await (options.sha256 ?? webCryptoSha256)(bytes);
  const name = sidecarName(fileName, sha256);
  const text = stringify({ ...file, weights: { storage: 'sidecar', ...common, file: name, bytes: bytes.length, sha256 } }, fileName);
  return { text, sidecar: { name, bytes, sha256 } };
}

// Two-space JSON ending in a newline, so saved projects diff well. A typed array that reached it
// would be written as an object of indices and the file would not open again: refused, naming
// the field (a host field that holds one is a bug to fix at its source, not to write).
const stringify = (file: z.input<typeof projectFileSchema>, fileName: string) => `${JSON.stringify(file, refuseTypedArrays(file, fileName), 2)}\n`;

function refuseTypedArrays(file: object, fileName: string) {
  const paths = new WeakMap<object, string>([[file, '']]);
  return function (this: object, key: string, value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    const parent = paths.get(this) ?? '';
    const path = Array.isArray(this) ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;
    if (ArrayBuffer.isView(value)) throw new ProjectFileError(fileName, path, `expected numbers, got a ${value.constructor.name} (a writer must turn it into numbers or a weights tensor first)`);
    paths.set(value, path);
    return value;
  };
}
