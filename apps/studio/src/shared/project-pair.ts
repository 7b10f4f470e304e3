import { z } from 'zod';
import { parseJsonText, parseProject, serializeProject, type ProjectDocument, type ProjectParseResult } from './project-schema.js';
import { decodeWeights, encodeWeights, type LayerValues, type WeightsByNode } from './weights-binary.js';

/** Above this many inline numbers (about 2 MB of JSON), weights go to a binary file beside the project. */
export const INLINE_WEIGHTS_LIMIT = 100_000;
/** A weights file beside a project may be larger than the project itself. */
export const MAX_WEIGHTS_BYTES = 256 * 1024 * 1024;
const HASH_IN_NAME = 16; // hex digits of the content hash in a weights file's name

/** The weights file a project names: its name, and the length and SHA-256 of its bytes. */
export interface WeightsRef {
  weightsFile: string;
  weightsSha256: string;
  weightsBytes: number;
}
/** A project ready to store: its text, and the weights file it names (absent when its weights stay inline). */
export interface PackedProject {
  text: string;
  weights?: { name: string; bytes: Uint8Array; sha256: string };
}
/** Reads a file beside the project by name, refusing it above `maxBytes`; the desktop reads the disk, the browser IndexedDB. */
export type ReadBeside = (name: string, maxBytes: number) => Promise<Uint8Array>;

type Node = Record<string, unknown> & { id: string; weight?: { values?: number[] }; biasValues?: number[] };

/**
 * The weights file for a project of this name holding these bytes:
 * `net.convstudio.json` → `net.convstudio.json.weights-<16 hex digits of SHA-256>.bin`. The full
 * project name is kept (so `net.json` and `net.convstudio.json` never share one) and the hash
 * makes every save's weights a new file, so a save never overwrites the weights the project on
 * disk still names.
 *
 * @example
 * weightsFileName('net.convstudio.json', sha256); // 'net.convstudio.json.weights-3f2a…9c.bin'
 */
export function weightsFileName(projectName: string, sha256: string): string {
  return `${projectName}.weights-${sha256.slice(0, HASH_IN_NAME)}.bin`;
}

/**
 * Whether `fileName` is a weights file {@link weightsFileName} makes for `projectName`. The hash
 * part has a fixed length, so no other project's weights file ever matches.
 *
 * @example
 * isWeightsFileOf('net.json', 'net.json.weights-0123456789abcdef.bin'); // true
 */
export function isWeightsFileOf(projectName: string, fileName: string): boolean {
  const prefix = `${projectName}.weights-`;
  return fileName.startsWith(prefix) && /^[0-9a-f]{16}\.bin$/.test(fileName.slice(prefix.length));
}

/**
 * SHA-256 of bytes as 64 hex digits, with Web Crypto (in Node, Electron and the browser).
 *
 * @example
 * await sha256Hex(new Uint8Array()); // 'e3b0c442…b855'
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Turns a project into what is stored: with few weights, its text alone; above `inlineLimit`
 * numbers, a text that names a binary weights file by name, length and SHA-256, and that file's
 * bytes. Store the weights first, then the text, then delete the project's other weights files:
 * at every moment the stored text names weights that are whole.
 *
 * @example
 * const packed = await packProject(project, 'net.convstudio.json');
 * if (packed.weights) await store(packed.weights.name, packed.weights.bytes);
 * await store('net.convstudio.json', packed.text);
 */
export async function packProject(project: ProjectDocument, projectName: string, inlineLimit = INLINE_WEIGHTS_LIMIT): Promise<PackedProject> {
  const nodes = project.pipeline.nodes as unknown as Node[];
  const count = nodes.reduce((sum, n) => sum + (n.weight?.values?.length ?? 0) + (n.biasValues?.length ?? 0), 0);
  if (count <= inlineLimit) return { text: serializeProject(project) };
  const weights: WeightsByNode = new Map();
  const stripped = nodes.map((node) => {
    if (!node.weight?.values && !node.biasValues) return node;
    weights.set(node.id, { ...(node.weight?.values ? { weight: node.weight.values } : {}), ...(node.biasValues ? { bias: node.biasValues } : {}) });
    const rest: Node = { ...node };
    delete rest.biasValues;
    if (rest.weight?.values) delete rest.weight; // kernel presets and initializers stay in the project
    return rest;
  });
  const bytes = encodeWeights(weights);
  const sha256 = await sha256Hex(bytes);
  const ref: WeightsRef = { weightsFile: weightsFileName(projectName, sha256), weightsSha256: sha256, weightsBytes: bytes.length };
  const doc = { ...project, ...ref, pipeline: { ...project.pipeline, nodes: stripped } };
  return { text: `${JSON.stringify(doc, null, 2)}\n`, weights: { name: ref.weightsFile, bytes, sha256 } };
}

const refSchema = z.strictObject({ weightsFile: z.string().min(1).max(255), weightsSha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex digits'), weightsBytes: z.number().int().nonnegative() });

/**
 * Reads a stored project's text, joining the weights file it names (read through `readBeside`)
 * after checking its length and SHA-256: weights from another save are refused with a message
 * that says so, never joined. A project from before binary weights (`weightsFile` naming a
 * `.weights.json`, without a hash) still opens. Never throws.
 *
 * @example
 * const result = await unpackProject(text, (name, max) => readFileBeside(path, name, max));
 */
export async function unpackProject(text: string, readBeside: ReadBeside, maxBytes?: number): Promise<ProjectParseResult & { weightsFile?: string }> {
  const json = parseJsonText(text, maxBytes ?? Number.MAX_SAFE_INTEGER, 'project file');
  if (!json.ok) return json;
  const doc = json.doc as Record<string, unknown> | null;
  if (doc === null || typeof doc !== 'object' || doc.weightsFile === undefined) return parseProject(doc);
  try {
    const { rest, weights, name } = 'weightsSha256' in doc ? await readBinary(doc, readBeside) : await readLegacy(doc, readBeside);
    const result = parseProject(joinWeights(rest, weights, name));
    return result.ok ? { ...result, weightsFile: name } : result;
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

async function readBinary(doc: Record<string, unknown>, readBeside: ReadBeside) {
  const { weightsFile, weightsSha256, weightsBytes, ...rest } = doc;
  const ref = refSchema.safeParse({ weightsFile, weightsSha256, weightsBytes });
  if (!ref.success) throw new Error(`${ref.error.issues[0].path.join('.')}: ${ref.error.issues[0].message}`);
  const name = ref.data.weightsFile;
  const bytes = await readBeside(name, MAX_WEIGHTS_BYTES).catch((error: Error) => {
    throw new Error(`weightsFile: the weights file ${name} beside the project could not be read: ${error.message}`);
  });
  const mismatch = `the project was not opened, so that it never runs with weights from another save`;
  if (bytes.length !== ref.data.weightsBytes) throw new Error(`weightsBytes: the weights file ${name} has ${bytes.length} bytes, the project was saved with ${ref.data.weightsBytes}; ${mismatch}`);
  const sha256 = await sha256Hex(bytes);
  if (sha256 !== ref.data.weightsSha256) throw new Error(`weightsSha256: the weights file ${name} is not the one the project was saved with (SHA-256 ${sha256.slice(0, 12)}…, expected ${ref.data.weightsSha256.slice(0, 12)}…); ${mismatch}`);
  try {
    return { rest, weights: decodeWeights(bytes), name };
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`);
  }
}

// The JSON weights file of earlier versions: { format, version: 1, nodes: { [id]: { weight?, bias? } } }.
const numbers = z.array(z.number().finite());
const legacyLayer = z.strictObject({ weight: numbers.optional(), bias: numbers.optional() });
const legacyEnvelope = z.strictObject({ format: z.literal('convstudio-weights'), version: z.literal(1), nodes: z.unknown() });

async function readLegacy(doc: Record<string, unknown>, readBeside: ReadBeside) {
  const { weightsFile: name, ...rest } = doc;
  if (typeof name !== 'string') throw new Error(`weightsFile: expected a file name, got ${typeof name}`);
  const bytes = await readBeside(name, MAX_WEIGHTS_BYTES).catch((error: Error) => {
    throw new Error(`weightsFile: the weights file beside the project could not be read: ${error.message}`);
  });
  const json = parseJsonText(new TextDecoder().decode(bytes), MAX_WEIGHTS_BYTES, 'weights file');
  if (!json.ok) throw new Error(`${name}: ${json.error}`);
  const envelope = legacyEnvelope.safeParse(json.doc);
  const nodes = envelope.success ? envelope.data.nodes : undefined;
  const notWeights = (field: string, message: string) => new Error(`${name}: not a ConvStudio weights file: ${field}: ${message}`);
  if (!envelope.success) throw notWeights(envelope.error.issues[0].path.join('.') || '(document)', envelope.error.issues[0].message);
  if (nodes === null || typeof nodes !== 'object' || Array.isArray(nodes)) throw notWeights('nodes', 'expected an object of layers');
  const weights: WeightsByNode = new Map();
  // Object.entries sees an own "__proto__" key as JSON.parse makes it; a zod record would drop it.
  for (const [id, value] of Object.entries(nodes)) {
    const layer = legacyLayer.safeParse(value);
    if (!layer.success) throw notWeights(`nodes.${id}.${layer.error.issues[0].path.join('.')}`, layer.error.issues[0].message);
    weights.set(id, layer.data);
  }
  return { rest, weights, name };
}

/** Puts the values back into the layers (before the project is checked, so core sees the whole pipeline). */
function joinWeights(doc: Record<string, unknown>, weights: WeightsByNode, name: string): unknown {
  const nodes = (doc.pipeline as { nodes?: unknown } | undefined)?.nodes;
  if (!Array.isArray(nodes)) return doc; // parseProject names what is wrong with the pipeline
  const ids = new Set(nodes.map((n: { id?: unknown }) => n?.id));
  const unknown = [...weights.keys()].find((id) => !ids.has(id));
  if (unknown !== undefined) throw new Error(`${name}: nodes.${unknown}: expected a layer of the project, got an id the pipeline does not have`);
  const joined = nodes.map((node: Node) => {
    const values: LayerValues | undefined = weights.get(node?.id);
    if (!values) return node;
    return { ...node, ...(values.weight ? { weight: { values: values.weight } } : {}), ...(values.bias ? { biasValues: values.bias } : {}) };
  });
  return { ...doc, pipeline: { ...(doc.pipeline as object), nodes: joined } };
}
