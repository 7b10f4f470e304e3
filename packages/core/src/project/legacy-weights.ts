import { decodeBase64 } from '../nn/base64.js';
import { parseAsciiJson } from './ascii-json.js';
import type { DecodedWeights, NamedTensors } from './weights-sidecar.js';

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads the CLI's old JSON weights file (`convstudio-weights` version 1: base64 float32 tensors
 * keyed `<node>.weight` / `<node>.bias`, the pipeline hash, free-form `meta`) as named tensors,
 * so it can be written again in the binary format. Errors name `fileName` and the field.
 *
 * @example
 * const { tensors, pipelineHash, meta } = migrateJsonWeightsV1(JSON.parse(text), 'weights.json');
 */
export function migrateJsonWeightsV1(document: unknown, fileName = 'weights file'): DecodedWeights & { meta: Record<string, unknown> } {
  const fail = (field: string, message: string) => new Error(`${fileName}: ${field}: ${message}`);
  if (!isObject(document) || document.format !== 'convstudio-weights') throw fail('format', 'expected "convstudio-weights"');
  if (document.version !== 1) throw fail('version', `expected 1, got ${JSON.stringify(document.version)}`);
  if (typeof document.pipelineHash !== 'string') throw fail('pipelineHash', 'expected a string');
  if (!isObject(document.tensors)) throw fail('tensors', 'expected an object of tensors');
  const tensors: NamedTensors = new Map();
  for (const [name, stored] of Object.entries(document.tensors)) {
    if (!isObject(stored) || !Array.isArray(stored.shape) || !stored.shape.every((d) => Number.isInteger(d) && (d as number) >= 0) || typeof stored.data !== 'string') {
      throw fail(`tensors.${name}`, 'expected { shape: integers, dtype: "float32", data: base64 }');
    }
    const shape = stored.shape as number[];
    const bytes = decodeBase64(stored.data);
    if (!bytes) throw fail(`tensors.${name}.data`, 'is not valid base64');
    if (bytes.length !== product(shape) * 4) throw fail(`tensors.${name}.data`, `expected ${product(shape) * 4} bytes for shape [${shape.join(',')}], got ${bytes.length}`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const data = new Float32Array(product(shape));
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(i * 4, true);
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw fail(`tensors.${name}[${bad}]`, `expected a finite float32, got ${data[bad]}`);
    tensors.set(name, { shape, data });
  }
  return { pipelineHash: document.pipelineHash, tensors, meta: isObject(document.meta) ? document.meta : {} };
}

/**
 * Reads the studio's old binary weights file ("CSWB" version 1: a JSON header listing node id,
 * slot, dtype f32/f64 and length; no shapes, no pipeline hash) as values by `<node>.<slot>`.
 * Shapes come from the pipeline the project holds, so they are returned flat here.
 *
 * @example
 * const values = migrateStudioBinaryV1(bytes, 'net.convstudio.json.weights-3f2a.bin'); // Map { 'conv1.weight' => Float32Array }
 */
export function migrateStudioBinaryV1(bytes: Uint8Array, fileName = 'weights file'): Map<string, Float32Array> {
  const fail = (field: string, message: string) => new Error(`${fileName}: ${field}: ${message}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'CSWB' || view.getUint32(4, true) !== 1) throw fail('magic', 'expected a version 1 "CSWB" weights file');
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw fail('header', `expected at most ${bytes.length - 12} bytes, got ${headerLength} (the file is truncated)`);
  let header: unknown;
  try {
    header = parseAsciiJson(bytes.subarray(12, 12 + headerLength));
  } catch (error) {
    throw fail('header', (error as Error).message);
  }
  const entries = isObject(header) && Array.isArray(header.entries) ? header.entries : undefined;
  if (!entries) throw fail('header.entries', 'expected a list');
  const align8 = (n: number) => Math.ceil(n / 8) * 8;
  const values = new Map<string, Float32Array>();
  let offset = align8(12 + headerLength);
  for (const entry of entries as { id: string; slot: string; dtype: string; length: number }[]) {
    const width = entry.dtype === 'f64' ? 8 : 4;
    if (!Number.isInteger(entry.length) || entry.length < 0 || offset + entry.length * width > bytes.length) throw fail(`${entry.id}.${entry.slot}`, 'runs past the end of the file (truncated)');
    const data = new Float32Array(entry.length);
    for (let i = 0; i < entry.length; i++) data[i] = width === 4 ? view.getFloat32(offset + i * 4, true) : view.getFloat64(offset + i * 8, true);
    values.set(`${entry.id}.${entry.slot}`, data);
    offset = align8(offset + entry.length * width);
  }
  return values;
}
