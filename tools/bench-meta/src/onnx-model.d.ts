/**
 * A tiny hand-written protobuf encoder for ONNX models of one node (Conv or MaxPool), so the
 * benchmark can feed onnxruntime-node without the `onnx` Python package or a protobuf library.
 *
 * Only what these models need: varints, length-delimited fields (strings, bytes, sub-messages).
 * Field numbers are those of onnx.proto (proto2; repeated int64 written unpacked, which every
 * parser accepts).
 */
/** A graph input or output: a float tensor of a fixed shape. */
export interface FloatValue {
    name: string;
    shape: readonly number[];
}
/** One attribute: an int or a list of ints (all that Conv and MaxPool need here). */
export type IntAttribute = {
    name: string;
    int: number;
} | {
    name: string;
    ints: readonly number[];
};
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
/** Serializes a ModelProto whose graph is a single node with all its operands as graph inputs. */
export declare function encodeSingleNodeModel(model: SingleNodeModel): Uint8Array;
/** A Conv node: Y = Conv(X, W), NCHW, square stride and symmetric padding. */
export declare function convModel(xShape: readonly number[], wShape: readonly number[], yShape: readonly number[], stride: number, pad: number): Uint8Array;
/** A MaxPool node: Y = MaxPool(X), NCHW, square kernel and stride, no padding, floor mode. */
export declare function maxPoolModel(xShape: readonly number[], yShape: readonly number[], kernel: number, stride: number): Uint8Array;
//# sourceMappingURL=onnx-model.d.ts.map