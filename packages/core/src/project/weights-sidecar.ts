import { z } from 'zod';
import { formatShape } from '../errors.js';
import { asciiJson, parseAsciiJson } from './ascii-json.js';
import { firstNonFinite } from './finite.js';

/** First bytes of a binary weights file: "CSWB", ConvStudio weights, binary (the studio's v1 used them too). */
export const WEIGHTS_SIDECAR_MAGIC = 'CSWB';
/** The binary weights version this library writes; it reads this one and refuses newer ones. */
export const WEIGHTS_SIDECAR_VERSION = 2;
const PREAMBLE = 12; // magic, version, header length (little-endian uint32 each)
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/**
 * Tensors by name: `<node>.weight`, `<node>.bias`, and non-learnable buffers such as
 * `<node>.runningMean` the same way. A Map, so a node called `__proto__` keeps its tensors.
 */
export type NamedTensors = Map<string, { shape: number[]; data: Float32Array }>;

const headerSchema = z.strictObject({
  format: z.literal('convstudio-weights'),
  version: z.literal(WEIGHTS_SIDECAR_VERSION),
  pipelineHash: z.string().max(64),
  tensors: z.array(z.strictObject({ name: z.string().min(1).max(200), shape: z.array(z.number().int().nonnegative()).max(8) })),
});

const align8 = (n: number) => Math.ceil(n / 8) * 8;
const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Encodes named float32 tensors as the binary weights file: "CSWB", version and header length
 * as little-endian uint32, a JSON header (format, version, pipeline hash, and each tensor's name
 * and shape, in order), then each tensor's little-endian float32 values starting on an 8-byte
 * boundary. Takes and returns bytes only, so the CLI, the desktop studio and the browser store
 * the same file.
 *
 * @example
 * const bytes = encodeWeightsSidecar(new Map([['conv1.weight', { shape: [1, 1, 2, 2], data }]]), model.hash);
 */
export function encodeWeightsSidecar(tensors: NamedTensors, pipelineHash: string): Uint8Array {
  const table = [...tensors].map(([name, t]) => {
    if (product(t.shape) !== t.data.length) throw new Error(`weights: ${name}: shape ${formatShape(t.shape)} needs ${product(t.shape)} values, got ${t.data.length}`);
    return { name, shape: [...t.shape] };
  });
  const header = asciiJson({ format: 'convstudio-weights', version: WEIGHTS_SIDECAR_VERSION, pipelineHash, tensors: table });
  const dataStart = align8(PREAMBLE + header.length);
  const total = [...tensors.values()].reduce((end, t) => align8(end + t.data.length * 4), dataStart);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(asciiJson(WEIGHTS_SIDECAR_MAGIC).subarray(1, 5), 0); // the magic without JSON's quotes
  view.setUint32(4, WEIGHTS_SIDECAR_VERSION, true);
  view.setUint32(8, header.length, true);
  bytes.set(header, PREAMBLE);
  let offset = dataStart;
  for (const { data } of tensors.values()) {
    // A bulk copy on little-endian hosts (all of today's); AlexNet's 244 MB one value at a time took seconds.
    if (littleEndian) bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    else for (let i = 0; i < data.length; i++) view.setFloat32(offset + i * 4, data[i], true);
    offset = align8(offset + data.length * 4);
  }
  return bytes;
}

/** What {@link decodeWeightsSidecar} returns. */
export interface DecodedWeights {
  pipelineHash: string;
  tensors: NamedTensors;
}

/**
 * Decodes {@link encodeWeightsSidecar}'s bytes. Every error names `fileName` and the field: not a
 * weights file, made by a newer ConvStudio, a header cut short, a length that does not match
 * the tensor table (truncated or padded), a name given twice, a value that is not finite.
 * The tensors are views on `bytes` where it is aligned (no copy): hand over bytes you no longer change.
 *
 * @example
 * const { pipelineHash, tensors } = decodeWeightsSidecar(bytes, 'net.convstudio.json.weights-3f2a.bin');
 */
export function decodeWeightsSidecar(bytes: Uint8Array, fileName = 'weights file'): DecodedWeights {
  const fail = (field: string, message: string) => new Error(`${fileName}: ${field}: ${message}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < PREAMBLE || String.fromCharCode(...bytes.subarray(0, 4)) !== WEIGHTS_SIDECAR_MAGIC) {
    throw fail('magic', `not a ConvStudio weights file: expected it to start with "${WEIGHTS_SIDECAR_MAGIC}"`);
  }
  const version = view.getUint32(4, true);
  if (version > WEIGHTS_SIDECAR_VERSION) {
    throw fail('version', `made by a newer ConvStudio (format version ${version}); this one reads up to ${WEIGHTS_SIDECAR_VERSION}`);
  }
  if (version !== WEIGHTS_SIDECAR_VERSION) throw fail('version', `expected ${WEIGHTS_SIDECAR_VERSION}, got ${version} (the studio's first binary weights; open its project to migrate it)`);
  const headerLength = view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES || PREAMBLE + headerLength > bytes.length) {
    throw fail('header', `expected at most ${Math.min(MAX_HEADER_BYTES, bytes.length - PREAMBLE)} bytes, got ${headerLength} (the file is truncated)`);
  }
  let header: z.infer<typeof headerSchema>;
  try {
    const parsed = headerSchema.safeParse(parseAsciiJson(bytes.subarray(PREAMBLE, PREAMBLE + headerLength)));
    if (!parsed.success) throw new Error(`${parsed.error.issues[0].path.join('.') || '(header)'}: ${parsed.error.issues[0].message}`);
    header = parsed.data;
  } catch (error) {
    throw fail('header', (error as Error).message);
  }
  const expected = header.tensors.reduce((end, t) => align8(end + product(t.shape) * 4), align8(PREAMBLE + headerLength));
  if (expected !== bytes.length) {
    throw fail('length', `expected ${expected} bytes for the tensors the header lists, got ${bytes.length}${bytes.length < expected ? ' (the file is truncated)' : ''}`);
  }
  const tensors: NamedTensors = new Map();
  let offset = align8(PREAMBLE + headerLength);
  for (const { name, shape } of header.tensors) {
    if (tensors.has(name)) throw fail(`tensors.${name}`, 'expected once, got twice');
    const length = product(shape);
    // Aligned on a little-endian host: a view on the file's bytes, no copy (the tensors share
    // `bytes`' memory, so a caller must not reuse it). Otherwise value by value.
    const start = bytes.byteOffset + offset;
    let data: Float32Array;
    if (littleEndian && start % 4 === 0) data = new Float32Array(bytes.buffer, start, length);
    else {
      data = new Float32Array(length);
      for (let i = 0; i < length; i++) data[i] = view.getFloat32(offset + i * 4, true);
    }
    const bad = firstNonFinite(data);
    if (bad >= 0) throw fail(`tensors.${name}[${bad}]`, `expected a finite float32, got ${data[bad]} (the file is damaged or training diverged)`);
    tensors.set(name, { shape, data });
    offset = align8(offset + length * 4);
  }
  return { pipelineHash: header.pipelineHash, tensors };
}
