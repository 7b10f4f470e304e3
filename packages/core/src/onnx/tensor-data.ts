import type { TensorProto } from 'onnx-buf';
import type { OnnxConstant } from '../nn/layers/spec.js';
import { onnxError } from './onnx-error.js';

// TensorProto's element types that a layer's tensors or an op's constant inputs can come as.
const FLOAT = 1;
const INT32 = 6;
const INT64 = 7;
const BOOL = 9;
const DOUBLE = 11;
const BYTES_PER = new Map([[FLOAT, 4], [INT32, 4], [INT64, 8], [BOOL, 1], [DOUBLE, 8]]);
const NAMES = ['UNDEFINED', 'FLOAT', 'UINT8', 'INT8', 'UINT16', 'INT16', 'INT32', 'INT64', 'STRING', 'BOOL', 'FLOAT16', 'DOUBLE', 'UINT32', 'UINT64', 'COMPLEX64', 'COMPLEX128', 'BFLOAT16'];

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A TensorProto's shape as numbers, checked to be sane before anything is allocated. */
export function tensorShape(t: TensorProto, what: string): number[] {
  const shape = t.dims.map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw onnxError('importOnnx', what, `has an invalid shape [${t.dims.join(',')}]`);
  return shape;
}

/**
 * A TensorProto's values as float32 (ints and booleans too: constants feed shapes, ratios and
 * flags). raw_data on a 4-byte boundary is a view on the file's bytes; elsewhere it is copied
 * once into an aligned buffer.
 */
export function tensorValues(t: TensorProto, what: string): OnnxConstant {
  const shape = tensorShape(t, what);
  const count = shape.reduce((a, b) => a * b, 1);
  if (t.dataLocation === 1 || t.externalData.length > 0) throw onnxError('importOnnx', what, 'keeps its values in an external file, which is not supported; save the model with its weights inside');
  const size = BYTES_PER.get(t.dataType);
  if (size === undefined) throw onnxError('importOnnx', what, `has element type ${NAMES[t.dataType] ?? t.dataType}; supported are FLOAT, DOUBLE, INT32, INT64 and BOOL`);
  if (t.rawData.length > 0 && t.rawData.length !== count * size) {
    throw onnxError('importOnnx', what, `has ${t.rawData.length} bytes of data for shape [${shape}] of ${NAMES[t.dataType]} (${count * size} expected): the file is damaged or cut short`);
  }
  // Float32 values that happen to sit on a 4-byte boundary of the file are used in place: no copy.
  if (t.rawData.length > 0 && t.dataType === FLOAT && littleEndian && t.rawData.byteOffset % 4 === 0) {
    return { shape, data: new Float32Array(t.rawData.buffer, t.rawData.byteOffset, count) };
  }
  const data = new Float32Array(count);
  if (t.rawData.length > 0) {
    const raw = t.rawData;
    if (t.dataType === FLOAT && littleEndian) {
      new Uint8Array(data.buffer).set(raw);
    } else {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let i = 0; i < count; i++) {
        if (t.dataType === FLOAT) data[i] = view.getFloat32(i * 4, true);
        else if (t.dataType === DOUBLE) data[i] = view.getFloat64(i * 8, true);
        else if (t.dataType === INT32) data[i] = view.getInt32(i * 4, true);
        else if (t.dataType === INT64) data[i] = Number(view.getBigInt64(i * 8, true));
        else data[i] = raw[i];
      }
    }
    return { shape, data };
  }
  const source: ArrayLike<number | bigint> =
    t.dataType === FLOAT ? t.floatData : t.dataType === DOUBLE ? t.doubleData : t.dataType === INT64 ? t.int64Data : t.int32Data; // INT32 and BOOL live in int32_data
  if (source.length !== count) throw onnxError('importOnnx', what, `has ${source.length} values for shape [${shape}] (${count} expected)`);
  for (let i = 0; i < count; i++) data[i] = Number(source[i]);
  return { shape, data };
}

/** Float32 values as a TensorProto's fields (raw little-endian bytes, as PyTorch writes them). */
export function tensorFields(name: string, value: OnnxConstant): Pick<TensorProto, 'name' | 'dims' | 'dataType' | 'rawData'> {
  const raw = new Uint8Array(value.data.length * 4);
  if (littleEndian) raw.set(new Uint8Array(value.data.buffer, value.data.byteOffset, value.data.byteLength));
  else {
    const view = new DataView(raw.buffer);
    value.data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  }
  return { name, dims: value.shape.map((d) => BigInt(d)), dataType: FLOAT, rawData: raw };
}

/** Total bytes of an initialiser's values, for progress. */
export const tensorBytes = (t: TensorProto): number => t.rawData.length || t.floatData.length * 4 || t.int64Data.length * 8 || t.doubleData.length * 8;
