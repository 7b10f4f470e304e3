import { fromBinary } from '@bufbuild/protobuf';
import { type GraphProto, type ModelProto, ModelProtoSchema, type ValueInfoProto } from 'onnx-buf';
import { onnxError } from './onnx-error.js';

/** The operator-set versions of the default domain the importer reads. */
export const ONNX_OPSETS = { min: 9, max: 21 } as const;

/** The default limit on an ONNX file's size: 1 GiB (AlexNet's is about 244 MB). */
export const ONNX_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * Refuses a file larger than `maxBytes` from its size alone, before it is read: call it with a
 * file's size (a `File`'s `size`, `fs.stat`) before reading the bytes.
 *
 * @example
 * checkOnnxSize((await stat(path)).size); // throws for a 3 GB file
 */
export function checkOnnxSize(byteLength: number, maxBytes = ONNX_MAX_BYTES): void {
  if (byteLength > maxBytes) {
    throw onnxError('importOnnx', 'file', `is ${(byteLength / 2 ** 20).toFixed(1)} MiB, above the limit of ${(maxBytes / 2 ** 20).toFixed(1)} MiB; raise maxBytes to open it`);
  }
}

const isDefaultDomain = (domain: string) => domain === '' || domain === 'ai.onnx';

/** A decoded model with what the importer checks first: the opset and the graph. */
export interface ReadModel {
  model: ModelProto;
  graph: GraphProto;
  opset: number;
}

/**
 * Decodes ONNX bytes with the official schema (onnx.proto through protobuf-es); damaged or cut
 * short bytes, a file that is not a model, or an opset outside 9 to 21 are refused in words.
 */
export function readModel(bytes: Uint8Array): ReadModel {
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes, { readUnknownFields: false });
  } catch (error) {
    throw onnxError('importOnnx', 'file', 'is not a readable ONNX model: the bytes are damaged, cut short or of another format', error instanceof Error ? error.message : String(error), error);
  }
  const graph = model.graph;
  if (!graph || model.irVersion < 3n || model.opsetImport.length === 0) {
    throw onnxError('importOnnx', 'file', `is not an ONNX model (no graph, IR version ${model.irVersion}, ${model.opsetImport.length} opset imports); it may be another protobuf file or damaged`);
  }
  const defaults = model.opsetImport.filter((o) => isDefaultDomain(o.domain));
  if (defaults.length === 0) throw onnxError('importOnnx', 'opset_import', 'has no entry for the default domain (ai.onnx)');
  const opset = Number(defaults[0].version);
  if (opset < ONNX_OPSETS.min || opset > ONNX_OPSETS.max) {
    throw onnxError('importOnnx', 'opset_import', `names ai.onnx opset ${opset}; supported are opsets ${ONNX_OPSETS.min} to ${ONNX_OPSETS.max} (re-export the model with one of them)`);
  }
  return { model, graph, opset };
}

/** The graph's one data input as [C, H, W] per sample (the batch axis may be symbolic). */
export function graphInput(graph: GraphProto, initializers: ReadonlySet<string>): { name: string; shape: [number, number, number] } {
  const inputs = graph.input.filter((i) => !initializers.has(i.name));
  if (inputs.length !== 1) {
    throw onnxError('importOnnx', 'graph.input', `must be exactly one image input (N, C, H, W), got ${inputs.length}: ${inputs.map((i) => i.name).join(', ') || 'none'}`);
  }
  const input = inputs[0];
  const shape = staticShape(input);
  if (shape.length !== 4 || shape.slice(1).some((d) => d === undefined || d < 1)) {
    throw onnxError('importOnnx', `graph.input "${input.name}"`, `must be images (N, C, H, W) with known C, H and W, got [${shape.map((d) => d ?? '?').join(',')}]`);
  }
  return { name: input.name, shape: shape.slice(1) as [number, number, number] };
}

function staticShape(value: ValueInfoProto): (number | undefined)[] {
  const type = value.type?.value;
  if (type?.case !== 'tensorType') throw onnxError('importOnnx', `graph.input "${value.name}"`, 'must be a tensor');
  if (type.value.elemType !== 1) throw onnxError('importOnnx', `graph.input "${value.name}"`, `must hold float32 values (element type 1), got element type ${type.value.elemType}`);
  const dims = type.value.shape?.dim ?? [];
  return dims.map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : undefined));
}

export { isDefaultDomain };
