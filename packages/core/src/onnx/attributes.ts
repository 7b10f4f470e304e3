import { getTextEncoding } from '@bufbuild/protobuf/wire';
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { AttributeProto, AttributeProtoSchema } from 'onnx-buf';
import type { OnnxAttributeValue } from '../nn/layers/spec.js';
import { onnxError } from './onnx-error.js';
import { tensorValues } from './tensor-data.js';

// AttributeProto.AttributeType numbers.
const FLOAT = 1;
const INT = 2;
const STRING = 3;
const TENSOR = 4;
const FLOATS = 6;
const INTS = 7;

/**
 * The shortest decimal that is the same float32: ONNX stores 1e-5 as 9.99999974738e-06, and a
 * node's epsilon should read 1e-5 again.
 */
export function shortestFloat(value: number): number {
  if (!Number.isFinite(value)) return value;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

// protobuf-es's UTF-8 codec: core's types have no TextDecoder (no DOM, no Node).
const text = (bytes: Uint8Array) => getTextEncoding().decodeUtf8(bytes);

/** A node's attributes as plain values; graph-valued and other kinds are refused by name. */
export function decodeAttributes(attributes: AttributeProto[], where: string): Record<string, OnnxAttributeValue> {
  const out: Record<string, OnnxAttributeValue> = {};
  for (const a of attributes) {
    // Old files (IR < 2) may leave `type` unset: infer it from the field in use.
    const type = a.type || (a.ints.length ? INTS : a.floats.length ? FLOATS : a.t ? TENSOR : a.s.length ? STRING : a.i !== 0n ? INT : FLOAT);
    if (type === FLOAT) out[a.name] = shortestFloat(a.f);
    else if (type === INT) out[a.name] = Number(a.i);
    else if (type === STRING) out[a.name] = text(a.s);
    else if (type === FLOATS) out[a.name] = a.floats.map(shortestFloat);
    else if (type === INTS) out[a.name] = a.ints.map(Number);
    else if (type === TENSOR && a.t) out[a.name] = tensorValues(a.t, `${where} attribute ${a.name}`);
    else throw onnxError('importOnnx', `${where} attribute ${a.name}`, `has attribute type ${type} (graphs, sparse tensors and lists of strings or tensors are not supported)`);
  }
  return out;
}

/** Plain attribute values as AttributeProto fields. */
export function encodeAttribute(name: string, value: OnnxAttributeValue): MessageInitShape<typeof AttributeProtoSchema> {
  if (typeof value === 'string') return { name, type: STRING, s: getTextEncoding().encodeUtf8(value) };
  if (Array.isArray(value)) return value.every(Number.isInteger) ? { name, type: INTS, ints: value.map((v) => BigInt(v)) } : { name, type: FLOATS, floats: value };
  if (typeof value === 'number') return Number.isInteger(value) && !FLOAT_ATTRIBUTES.has(name) ? { name, type: INT, i: BigInt(value) } : { name, type: FLOAT, f: value };
  throw onnxError('exportOnnx', `attribute ${name}`, 'tensor-valued attributes are not written');
}

// Attributes ONNX types as float even when the value is whole (LRN's bias 2, LeakyRelu's alpha 1).
const FLOAT_ATTRIBUTES = new Set(['alpha', 'beta', 'bias', 'epsilon', 'momentum', 'ratio']);
