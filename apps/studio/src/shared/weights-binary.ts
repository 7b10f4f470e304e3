import { z } from 'zod';

/** A layer's stored values: its weight (flat, row-major) and its bias, either may be absent. */
export interface LayerValues {
  weight?: number[];
  bias?: number[];
}
/**
 * Values by node id. A Map, never a plain object: a node may be called `__proto__` or
 * `constructor`, and an object keyed by id would drop or confuse that layer.
 */
export type WeightsByNode = Map<string, LayerValues>;

/** First bytes of a binary weights file: "CSWB", ConvStudio weights, binary. */
export const WEIGHTS_MAGIC = 'CSWB';
export const WEIGHTS_BINARY_VERSION = 1;
const PREAMBLE = 12; // magic, version, header length
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

const entrySchema = z.strictObject({
  id: z.string().max(64),
  slot: z.enum(['weight', 'bias']),
  // float32 where every value is exactly a float32 (trained weights are), else float64: never lossy.
  dtype: z.enum(['f32', 'f64']),
  length: z.number().int().nonnegative().max(2 ** 31),
});
const headerSchema = z.strictObject({ entries: z.array(entrySchema) });
type Entry = z.infer<typeof entrySchema>;

const align8 = (n: number) => Math.ceil(n / 8) * 8;
const width = (dtype: Entry['dtype']) => (dtype === 'f32' ? 4 : 8);

/**
 * Encodes weights as the binary file that sits beside a project: "CSWB", version and header
 * length as little-endian uint32, a JSON header listing each array (node id, slot, dtype,
 * length), then each array's little-endian values, every array starting on an 8-byte boundary.
 * Pure (no file system), so the desktop and the browser host store the same bytes.
 *
 * @example
 * const bytes = encodeWeights(new Map([['conv1', { weight: [0.5, -0.25], bias: [0] }]]));
 */
export function encodeWeights(weights: WeightsByNode): Uint8Array {
  const entries: (Entry & { values: number[] })[] = [];
  for (const [id, layer] of weights) {
    for (const slot of ['weight', 'bias'] as const) {
      const values = layer[slot];
      if (values) entries.push({ id, slot, dtype: values.every((v) => Math.fround(v) === v) ? 'f32' : 'f64', length: values.length, values });
    }
  }
  const header = new TextEncoder().encode(JSON.stringify({ entries: entries.map(({ values: _values, ...entry }) => entry) }));
  const dataStart = align8(PREAMBLE + header.length);
  const total = entries.reduce((end, e) => align8(end + e.length * width(e.dtype)), dataStart);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(WEIGHTS_MAGIC), 0);
  view.setUint32(4, WEIGHTS_BINARY_VERSION, true);
  view.setUint32(8, header.length, true);
  bytes.set(header, PREAMBLE);
  let offset = dataStart;
  for (const { dtype, values } of entries) {
    for (let i = 0; i < values.length; i++) {
      if (dtype === 'f32') view.setFloat32(offset + i * 4, values[i], true);
      else view.setFloat64(offset + i * 8, values[i], true);
    }
    offset = align8(offset + values.length * width(dtype));
  }
  return bytes;
}

/**
 * Decodes {@link encodeWeights}' bytes. Throws a message naming what is wrong: not a weights
 * file, a newer version, a header that does not match the file's length (truncated), a
 * repeated layer, or a value that is not finite.
 *
 * @example
 * const weights = decodeWeights(bytes); // Map { 'conv1' => { weight: [...], bias: [...] } }
 */
export function decodeWeights(bytes: Uint8Array): WeightsByNode {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < PREAMBLE || new TextDecoder().decode(bytes.subarray(0, 4)) !== WEIGHTS_MAGIC) {
    throw new Error(`not a ConvStudio weights file: expected it to start with "${WEIGHTS_MAGIC}"`);
  }
  const version = view.getUint32(4, true);
  if (version !== WEIGHTS_BINARY_VERSION) {
    throw new Error(`version: expected weights file version ${WEIGHTS_BINARY_VERSION}, got ${version}${version > WEIGHTS_BINARY_VERSION ? ' (saved by a newer ConvStudio)' : ''}`);
  }
  const headerLength = view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES || PREAMBLE + headerLength > bytes.length) throw new Error(`header: expected at most ${bytes.length - PREAMBLE} bytes, got ${headerLength} (the file is truncated)`);
  let header: z.infer<typeof headerSchema>;
  try {
    const parsed = headerSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes.subarray(PREAMBLE, PREAMBLE + headerLength))));
    if (!parsed.success) throw new Error(`${parsed.error.issues[0].path.join('.') || '(header)'}: ${parsed.error.issues[0].message}`);
    header = parsed.data;
  } catch (error) {
    throw new Error(`header: ${(error as Error).message}`);
  }
  const expected = header.entries.reduce((end, e) => align8(end + e.length * width(e.dtype)), align8(PREAMBLE + headerLength));
  if (expected !== bytes.length) throw new Error(`expected ${expected} bytes for the arrays the header lists, got ${bytes.length}${bytes.length < expected ? ' (the file is truncated)' : ''}`);
  const weights: WeightsByNode = new Map();
  let offset = align8(PREAMBLE + headerLength);
  for (const { id, slot, dtype, length } of header.entries) {
    const layer = weights.get(id) ?? {};
    if (layer[slot]) throw new Error(`entries: ${id}.${slot}: expected once, got twice`);
    const values = new Array<number>(length);
    for (let i = 0; i < length; i++) {
      const v = dtype === 'f32' ? view.getFloat32(offset + i * 4, true) : view.getFloat64(offset + i * 8, true);
      if (!Number.isFinite(v)) throw new Error(`${id}.${slot}[${i}]: expected a finite number, got ${v}`);
      values[i] = v;
    }
    layer[slot] = values;
    weights.set(id, layer);
    offset = align8(offset + length * width(dtype));
  }
  return weights;
}
