import { type DescField, fromBinary, isFieldSet, toBinary } from '@bufbuild/protobuf';
import { type ModelProto, ModelProtoSchema, type NodeProto, NodeProtoSchema, type TensorProto, TensorProtoSchema } from 'onnx-buf';

// onnx.proto is proto2: a doc_string that is set is written even when empty (tag and length: 2
// bytes), one never set is not written at all. A pad of k characters is 2 + k bytes (k < 128).
const PASSES = 6;

interface Slot {
  message: NodeProto | TensorProto;
  field: DescField;
}

const slotBytes = ({ message, field }: Slot) => (isFieldSet(message, field) ? 2 + message.docString.length : 0);

/**
 * The model's bytes with every initialiser's raw data on a 4-byte boundary of the file, so that
 * `importOnnx` reads float32 weights in place instead of copying them (on an AlexNet-size file,
 * 230 of 233 MiB were copied before). A protobuf cannot choose where a field lands, so a few
 * spaces of `doc_string` go just before each tensor's data: on the last node for the first
 * tensor (nodes come before initialisers in the file), on the tensor before it for the others
 * (a tensor's doc_string is written after its raw_data). The offsets come from decoding the
 * written bytes (byte fields decode as views); pads only grow, and a pass that moved a length
 * varint is redone. After six passes the bytes are returned as they are (a valid model, merely
 * unaligned).
 */
export function alignedModelBytes(model: ModelProto): Uint8Array {
  let bytes = toBinary(ModelProtoSchema, model);
  const graph = model.graph;
  if (!graph || graph.node.length === 0 || graph.initializer.length === 0) return bytes;
  const slots: Slot[] = [
    { message: graph.node[graph.node.length - 1], field: NodeProtoSchema.field.docString },
    ...graph.initializer.slice(0, -1).map((message) => ({ message, field: TensorProtoSchema.field.docString })),
  ];
  for (let pass = 0; pass < PASSES; pass++) {
    const offsets = (fromBinary(ModelProtoSchema, bytes).graph?.initializer ?? []).map((t) => (t.rawData.length > 0 ? t.rawData.byteOffset - bytes.byteOffset : 0));
    if (offsets.length !== graph.initializer.length || offsets.every((o) => o % 4 === 0)) return bytes;
    let shift = 0;
    graph.initializer.forEach((_, i) => {
      const slot = slots[i];
      const before = slotBytes(slot);
      // Pads only grow (so a length varint that grows with them settles within a few passes).
      const grow = (4 - (((offsets[i] + shift) % 4) + 4) % 4) % 4;
      if (grow === 0) return;
      slot.message.docString = ' '.repeat(before === 0 ? [0, 3, 0, 1][grow] : slot.message.docString.length + grow);
      shift += slotBytes(slot) - before;
    });
    bytes = toBinary(ModelProtoSchema, model);
  }
  return bytes;
}
