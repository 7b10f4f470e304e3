import { ConvStudioError, formatShape } from '../../errors.js';
import type { Pair } from '../../shape.js';
import type { LayerIo, OnnxAttributeValue, OnnxConstant, OnnxExported, OnnxImportArgs, OnnxNodeLike } from './spec.js';
import { pairOf } from './shape-helpers.js';

// Pieces the kinds' ONNX mappings share: attribute reading with errors that name the op and
// attribute, ONNX padding conventions, and node building. No protobuf here (that stays in
// src/onnx, behind the `@convstudio/core/onnx` entry).

/** Throws the error an importer reports for a node it cannot read: `Conv "conv1": pads ...`. */
export function refuse(node: OnnxNodeLike, attribute: string, detail: string): never {
  throw new ConvStudioError(`${node.opType}${node.name ? ` "${node.name}"` : ''}`, attribute, detail);
}

export function intAttr(node: OnnxNodeLike, name: string, fallback: number): number {
  const value = node.attributes[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) refuse(node, name, `must be an integer, got ${JSON.stringify(value)}`);
  return value;
}

export function floatAttr(node: OnnxNodeLike, name: string, fallback: number): number {
  const value = node.attributes[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) refuse(node, name, `must be a finite number, got ${JSON.stringify(value)}`);
  return value;
}

export function intsAttr(node: OnnxNodeLike, name: string, length: number, fallback: number): number[] {
  const value = node.attributes[name];
  if (value === undefined) return Array.from({ length }, () => fallback);
  if (!Array.isArray(value) || value.length !== length || !value.every(Number.isInteger)) refuse(node, name, `must be ${length} integers, got ${JSON.stringify(value)}`);
  return value;
}

export function stringAttr(node: OnnxNodeLike, name: string, fallback: string): string {
  const value = node.attributes[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') refuse(node, name, `must be text, got ${JSON.stringify(value)}`);
  return value;
}

/** Refuses every attribute a mapping does not read, so nothing the model says is silently dropped. */
export function onlyAttributes(node: OnnxNodeLike, known: readonly string[]): void {
  for (const name of Object.keys(node.attributes)) {
    if (!known.includes(name)) refuse(node, name, `is not supported (this op reads ${known.length > 0 ? known.join(', ') : 'no attributes'})`);
  }
}

/** The constant at input `index`, which the op needs (a weight, say), or a clear refusal. */
export function requireConstant(args: OnnxImportArgs, index: number, what: string): OnnxConstant {
  const value = args.constant(index);
  if (!value) refuse(args.node, `input ${index} (${what})`, `must be a constant (an initialiser); a value computed in the graph cannot become a layer's ${what}`);
  return value;
}

/** The one data input's per-sample shape. */
export function dataShape(args: OnnxImportArgs, index = 0): number[] {
  const shape = args.inputShapes[index];
  if (!shape) refuse(args.node, `input ${index}`, 'must be a value computed in the graph (the data), not a constant');
  return shape;
}

/** A pair in our params' form: one number when both are equal. */
export const compactPair = (h: number, w: number): number | [number, number] => (h === w ? h : [h, w]);

/** Leaves out params equal to their default, so an imported node reads like a hand-made one. */
export function withoutDefaults<P extends object>(params: P, defaults: Record<string, unknown>): P {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (key in defaults && JSON.stringify(defaults[key]) === JSON.stringify(value)) continue;
    out[key] = value;
  }
  return out as P;
}

/** Explicit begin/end pads per spatial axis, as ONNX's auto_pad and pads describe them. */
export interface Pads {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * The pads a windowed op (Conv, pooling) uses: `pads` (x1_begin, x2_begin, x1_end, x2_end) or
 * those auto_pad implies for the input size (SAME_UPPER puts the odd one at the end).
 */
export function importPads(node: OnnxNodeLike, input: [number, number], kernel: [number, number], stride: number[], dilation: number[]): Pads {
  const autoPad = stringAttr(node, 'auto_pad', 'NOTSET');
  if (autoPad === 'NOTSET') {
    const [top, left, bottom, right] = intsAttr(node, 'pads', 4, 0);
    if ([top, left, bottom, right].some((p) => p < 0)) refuse(node, 'pads', `must not be negative, got [${[top, left, bottom, right]}]`);
    return { top, left, bottom, right };
  }
  if (autoPad === 'VALID') return { top: 0, left: 0, bottom: 0, right: 0 };
  if (autoPad !== 'SAME_UPPER' && autoPad !== 'SAME_LOWER') refuse(node, 'auto_pad', `must be NOTSET, VALID, SAME_UPPER or SAME_LOWER, got ${autoPad}`);
  const total = [0, 1].map((i) => Math.max(0, (Math.ceil(input[i] / stride[i]) - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1 - input[i]));
  const begin = total.map((t) => (autoPad === 'SAME_UPPER' ? Math.floor(t / 2) : Math.ceil(t / 2)));
  return { top: begin[0], left: begin[1], bottom: total[0] - begin[0], right: total[1] - begin[1] };
}

/** ONNX's pads attribute from resolved pads. */
export const onnxPads = (p: Pads): number[] => [p.top, p.left, p.bottom, p.right];

/** Symmetric pads as a pair, or a refusal for ops whose padding is one number per axis. */
export function symmetricPads(node: OnnxNodeLike, pads: Pads): [number, number] {
  if (pads.top !== pads.bottom || pads.left !== pads.right) {
    refuse(node, 'pads', `must be the same at both ends of each axis for this op, got [${onnxPads(pads)}] (top, left, bottom, right)`);
  }
  return [pads.top, pads.left];
}

/** A kernel size from the kernel_shape attribute, checked against the weight's when both exist. */
export function kernelOf(node: OnnxNodeLike, fromWeight?: number[]): [number, number] {
  const attr = node.attributes.kernel_shape;
  if (attr === undefined) {
    if (!fromWeight) refuse(node, 'kernel_shape', 'is required');
    return [fromWeight[0], fromWeight[1]];
  }
  const kernel = intsAttr(node, 'kernel_shape', 2, 1);
  if (fromWeight && (kernel[0] !== fromWeight[0] || kernel[1] !== fromWeight[1])) {
    refuse(node, 'kernel_shape', `[${kernel}] disagrees with the weight's ${formatShape(fromWeight)}`);
  }
  return [kernel[0], kernel[1]];
}

/** Checks a data input is feature maps [C, H, W] (2D ops). */
export function mapsShape(args: OnnxImportArgs, index = 0): [number, number, number] {
  const shape = dataShape(args, index);
  if (shape.length !== 3) refuse(args.node, `input ${index}`, `must be feature maps (N, C, H, W), got per-sample shape ${formatShape(shape)}; only 2D images are supported`);
  return shape as [number, number, number];
}

/** One ONNX node. */
export function onnxNode(opType: string, inputs: string[], outputs: string[], attributes: Record<string, OnnxAttributeValue> = {}): OnnxNodeLike {
  return { opType, inputs, outputs, attributes };
}

/** A layer that becomes one node reading its data inputs and some initialisers. */
export function single(node: OnnxNodeLike, initializers: [string, OnnxConstant | undefined][] = []): OnnxExported {
  return { nodes: [node], initializers: new Map(initializers.filter((e): e is [string, OnnxConstant] => e[1] !== undefined)) };
}

/** Pairs as [h, w] for an attribute. */
export const pairAttr = (value: Pair | undefined, fallback: number): number[] => pairOf(value ?? fallback);

/** Per-sample output shape of a node, for mappings that check what they export. */
export const outputShape = (io: LayerIo): number[] => io.shapes.output;

/** A float32 constant. */
export const constant = (shape: number[], values: ArrayLike<number>): OnnxConstant => ({ shape, data: Float32Array.from(values) });
