/**
 * A tiny hand-written protobuf encoder for ONNX models of one node (Conv or MaxPool), so the
 * benchmark can feed onnxruntime-node without the `onnx` Python package or a protobuf library.
 *
 * Only what these models need: varints, length-delimited fields (strings, bytes, sub-messages).
 * Field numbers are those of onnx.proto (proto2; repeated int64 written unpacked, which every
 * parser accepts).
 */

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

/** TensorProto.DataType.FLOAT */
const ELEM_FLOAT = 1;
/** AttributeProto.AttributeType */
const ATTR_INT = 2;
const ATTR_INTS = 7;

const textEncoder = new TextEncoder();

class Writer {
  private readonly bytes: number[] = [];

  varint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`varint: expected a non-negative safe integer, got ${value}`);
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
    return this;
  }

  private tag(field: number, wire: number): this {
    return this.varint(field * 8 + wire);
  }

  int(field: number, value: number): this {
    return this.tag(field, WIRE_VARINT).varint(value);
  }

  raw(field: number, data: Uint8Array): this {
    this.tag(field, WIRE_LEN).varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.raw(field, textEncoder.encode(value));
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.raw(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** A graph input or output: a float tensor of a fixed shape. */
export interface FloatValue {
  name: string;
  shape: readonly number[];
}

/** One attribute: an int or a list of ints (all that Conv and MaxPool need here). */
export type IntAttribute = { name: string; int: number } | { name: string; ints: readonly number[] };

export interface SingleNodeModel {
  opType: string;
  inputs: readonly FloatValue[];
  outputs: readonly FloatValue[];
  attributes: readonly IntAttribute[];
  /** Default 8 (ONNX 1.10+). */
  irVersion?: number;
  /** Default-domain opset; default 13. */
  opset?: number;
}

function writeValueInfo(w: Writer, value: FloatValue): void {
  w.string(1, value.name); // ValueInfoProto.name
  w.message(2, (type) => {
    // TypeProto.tensor_type
    type.message(1, (tensor) => {
      tensor.int(1, ELEM_FLOAT); // TypeProto.Tensor.elem_type
      tensor.message(2, (shape) => {
        // TensorShapeProto.dim, Dimension.dim_value
        for (const d of value.shape) shape.message(1, (dim) => dim.int(1, d));
      });
    });
  });
}

function writeAttribute(w: Writer, attr: IntAttribute): void {
  w.string(1, attr.name); // AttributeProto.name
  if ('int' in attr) {
    w.int(3, attr.int); // AttributeProto.i
    w.int(20, ATTR_INT); // AttributeProto.type
  } else {
    for (const v of attr.ints) w.int(8, v); // AttributeProto.ints
    w.int(20, ATTR_INTS);
  }
}

/** Serializes a ModelProto whose graph is a single node with all its operands as graph inputs. */
export function encodeSingleNodeModel(model: SingleNodeModel): Uint8Array {
  const w = new Writer();
  w.int(1, model.irVersion ?? 8); // ModelProto.ir_version
  w.string(2, 'convstudio-bench'); // ModelProto.producer_name
  w.message(7, (graph) => {
    // ModelProto.graph
    graph.message(1, (node) => {
      // GraphProto.node
      for (const input of model.inputs) node.string(1, input.name); // NodeProto.input
      for (const output of model.outputs) node.string(2, output.name); // NodeProto.output
      node.string(3, `${model.opType.toLowerCase()}0`); // NodeProto.name
      node.string(4, model.opType); // NodeProto.op_type
      for (const attr of model.attributes) node.message(5, (a) => writeAttribute(a, attr)); // NodeProto.attribute
    });
    graph.string(2, `${model.opType.toLowerCase()}-graph`); // GraphProto.name
    for (const input of model.inputs) graph.message(11, (v) => writeValueInfo(v, input)); // GraphProto.input
    for (const output of model.outputs) graph.message(12, (v) => writeValueInfo(v, output)); // GraphProto.output
  });
  w.message(8, (opset) => {
    // ModelProto.opset_import: the default domain ('') at the given version
    opset.string(1, '');
    opset.int(2, model.opset ?? 13);
  });
  return w.finish();
}

/** A Conv node: Y = Conv(X, W), NCHW, square stride and symmetric padding. */
export function convModel(xShape: readonly number[], wShape: readonly number[], yShape: readonly number[], stride: number, pad: number): Uint8Array {
  return encodeSingleNodeModel({
    opType: 'Conv',
    inputs: [{ name: 'X', shape: xShape }, { name: 'W', shape: wShape }],
    outputs: [{ name: 'Y', shape: yShape }],
    attributes: [
      { name: 'kernel_shape', ints: [wShape[2], wShape[3]] },
      { name: 'strides', ints: [stride, stride] },
      { name: 'pads', ints: [pad, pad, pad, pad] },
      { name: 'dilations', ints: [1, 1] },
      { name: 'group', int: 1 },
    ],
  });
}

/** A MaxPool node: Y = MaxPool(X), NCHW, square kernel and stride, no padding, floor mode. */
export function maxPoolModel(xShape: readonly number[], yShape: readonly number[], kernel: number, stride: number): Uint8Array {
  return encodeSingleNodeModel({
    opType: 'MaxPool',
    inputs: [{ name: 'X', shape: xShape }],
    outputs: [{ name: 'Y', shape: yShape }],
    attributes: [
      { name: 'kernel_shape', ints: [kernel, kernel] },
      { name: 'strides', ints: [stride, stride] },
      { name: 'pads', ints: [0, 0, 0, 0] },
    ],
  });
}
