import type { OnnxAttributeValue, OnnxConstant } from '../nn/layers/spec.js';

/**
 * A value of the graph's shape arithmetic: the numbers, their shape (rank 0 or 1), and which of
 * them stand for the batch size. Exporters write `x.view(x.size(0), -1)` as Shape → Gather →
 * Unsqueeze → Concat → Reshape; every size but the batch's is known from the model's declared
 * input, so the chain folds into the constant [0, -1], where 0 is ONNX Reshape's "copy the input's
 * size": the batch stays whatever it is at run time.
 */
export interface ShapeValue {
  shape: number[];
  values: number[];
  /** values[i] is the batch size (unknown until run time; stored as 0). */
  batch: boolean[];
}

/** The ops this module folds, and only when a Shape's output takes part (else they are layers or refused as before). */
export const SHAPE_OPS = new Set(['Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Concat', 'Slice', 'Cast', 'Mul', 'Add', 'Sub', 'Div']);

/** What folding one node needs from the importer: its inputs as shape values or plain constants. */
export interface ShapeNode {
  opType: string;
  opset: number;
  attributes: Record<string, OnnxAttributeValue>;
  /** Each input: a shape value, a plain constant, the data's per-sample shape (Shape's input), or undefined. */
  inputs: (ShapeValue | { constant: OnnxConstant } | { dataShape: number[] } | undefined)[];
}

/** Why a node of shape arithmetic cannot be folded; the importer lists it with the other refusals. */
export class ShapeFoldError extends Error {}

const fromConstant = (c: OnnxConstant): ShapeValue => {
  if (c.shape.length > 1) throw new ShapeFoldError(`reads a constant of shape [${c.shape}]; shape arithmetic folds only scalars and vectors`);
  return { shape: [...c.shape], values: Array.from(c.data), batch: Array.from(c.data, () => false) };
};

/** The node's input `i` as a shape value (a plain constant converted); undefined when left out. */
function operand(node: ShapeNode, i: number): ShapeValue | undefined {
  const input = node.inputs[i];
  if (!input) return undefined;
  if ('constant' in input) return fromConstant(input.constant);
  if ('dataShape' in input) throw new ShapeFoldError(`reads the data at input ${i}; only Shape may`);
  return input;
}

function required(node: ShapeNode, i: number, what: string): ShapeValue {
  const v = operand(node, i);
  if (!v) throw new ShapeFoldError(`needs its ${what} (input ${i})`);
  return v;
}

const ints = (v: OnnxAttributeValue | undefined): number[] | undefined => (v === undefined ? undefined : typeof v === 'number' ? [v] : Array.isArray(v) ? v : undefined);

/** A list of whole numbers from an attribute (old opsets) or a constant input (new ones), never the batch size. */
function indexList(node: ShapeNode, attribute: string, input: number, fromOpset: number): number[] | undefined {
  if (node.opset < fromOpset) return ints(node.attributes[attribute]);
  const v = operand(node, input);
  if (!v) return undefined;
  if (v.batch.some(Boolean)) throw new ShapeFoldError(`uses the batch size as ${attribute}`);
  return v.values;
}

const isShapeLike = (v: ShapeValue) => v.shape.length <= 1;
const length = (v: ShapeValue) => (v.shape.length === 0 ? 1 : v.shape[0]);

/** Element-wise arithmetic with scalar broadcasting; the batch size never takes part. */
function arithmetic(node: ShapeNode): ShapeValue {
  const [a, b] = [required(node, 0, 'left operand'), required(node, 1, 'right operand')];
  if (a.batch.some(Boolean) || b.batch.some(Boolean)) throw new ShapeFoldError('computes with the batch size, which is not known until the model runs');
  if (!isShapeLike(a) || !isShapeLike(b) || (length(a) !== length(b) && length(a) !== 1 && length(b) !== 1)) throw new ShapeFoldError(`cannot broadcast shapes [${a.shape}] and [${b.shape}]`);
  const n = Math.max(length(a), length(b));
  const at = (v: ShapeValue, i: number) => v.values[v.values.length === 1 ? 0 : i];
  const op = node.opType;
  const values = Array.from({ length: n }, (_, i) => {
    const [x, y] = [at(a, i), at(b, i)];
    if (op === 'Mul') return x * y;
    if (op === 'Add') return x + y;
    if (op === 'Sub') return x - y;
    if (y === 0) throw new ShapeFoldError('divides by zero');
    // Shape arithmetic is on int64: ONNX's integer Div truncates toward zero.
    return Math.trunc(x / y);
  });
  return { shape: a.shape.length === 0 && b.shape.length === 0 ? [] : [n], values, batch: values.map(() => false) };
}

/** [start, end) of `size` items, ONNX-style: negatives count from the end, then clamped. */
function clampRange(start: number, end: number, size: number): [number, number] {
  const fix = (i: number) => Math.min(size, Math.max(0, i < 0 ? i + size : i));
  return [fix(start), fix(end)];
}

/**
 * The value of one node of shape arithmetic, computed at import time. Throws ShapeFoldError
 * (the reason, for the refusal list) when the node is not plain shape arithmetic.
 *
 * @example
 * foldShapeNode({ opType: 'Shape', opset: 13, attributes: {}, inputs: [{ dataShape: [16, 7, 7] }] });
 * // { shape: [4], values: [0, 16, 7, 7], batch: [true, false, false, false] }
 */
export function foldShapeNode(node: ShapeNode): ShapeValue {
  switch (node.opType) {
    case 'Shape': {
      const input = node.inputs[0];
      if (!input || !('dataShape' in input)) throw new ShapeFoldError('reads a value that is not the data');
      const full = [0, ...input.dataShape];
      const batch = full.map((_, i) => i === 0);
      const start = ints(node.attributes.start)?.[0] ?? 0;
      const end = ints(node.attributes.end)?.[0] ?? full.length;
      const [s, e] = clampRange(start, end, full.length);
      return { shape: [Math.max(0, e - s)], values: full.slice(s, e), batch: batch.slice(s, e) };
    }
    case 'Gather': {
      const data = required(node, 0, 'data');
      const indices = required(node, 1, 'indices');
      const axis = ints(node.attributes.axis)?.[0] ?? 0;
      if (data.shape.length !== 1 || axis !== 0) throw new ShapeFoldError(`gathers along axis ${axis} of shape [${data.shape}]; only from a vector`);
      if (indices.batch.some(Boolean)) throw new ShapeFoldError('uses the batch size as an index');
      const n = data.values.length;
      const picked = indices.values.map((i) => {
        if (!Number.isInteger(i) || i < -n || i >= n) throw new ShapeFoldError(`index ${i} is outside the ${n} values`);
        return i < 0 ? i + n : i;
      });
      return { shape: [...indices.shape], values: picked.map((i) => data.values[i]), batch: picked.map((i) => data.batch[i]) };
    }
    case 'Unsqueeze': {
      const data = required(node, 0, 'data');
      const axes = indexList(node, 'axes', 1, 13);
      if (!axes) throw new ShapeFoldError('needs its axes');
      const rank = data.shape.length + axes.length;
      if (rank > 1 && length(data) !== 1) throw new ShapeFoldError(`would make a shape of rank ${rank}; shape arithmetic folds only scalars and vectors`);
      return { ...data, shape: rank === 0 ? [] : rank === 1 ? [length(data)] : Array(rank).fill(1) };
    }
    case 'Squeeze': {
      const data = required(node, 0, 'data');
      return { ...data, shape: data.shape.filter((d) => d !== 1).slice(0, 1) };
    }
    case 'Concat': {
      const parts = node.inputs.map((_, i) => required(node, i, 'part'));
      if (parts.some((p) => p.shape.length !== 1)) throw new ShapeFoldError('joins values that are not vectors');
      const values = parts.flatMap((p) => p.values);
      return { shape: [values.length], values, batch: parts.flatMap((p) => p.batch) };
    }
    case 'Slice': {
      const data = required(node, 0, 'data');
      if (data.shape.length !== 1) throw new ShapeFoldError(`slices shape [${data.shape}]; only a vector`);
      const starts = indexList(node, 'starts', 1, 10);
      const ends = indexList(node, 'ends', 2, 10);
      const axes = indexList(node, 'axes', 3, 10) ?? [0];
      const steps = node.opset >= 10 ? (indexList(node, 'steps', 4, 10) ?? [1]) : [1];
      if (!starts || !ends || starts.length !== 1 || ends.length !== 1 || (axes[0] !== 0 && axes[0] !== -1) || steps[0] !== 1) {
        throw new ShapeFoldError('is not a plain slice of one vector (one start and end, step 1)');
      }
      const [s, e] = clampRange(starts[0], Math.min(ends[0], Number.MAX_SAFE_INTEGER), data.values.length);
      return { shape: [Math.max(0, e - s)], values: data.values.slice(s, e), batch: data.batch.slice(s, e) };
    }
    case 'Cast': {
      const data = required(node, 0, 'data');
      return { ...data };
    }
    case 'Mul':
    case 'Add':
    case 'Sub':
    case 'Div':
      return arithmetic(node);
    default:
      throw new ShapeFoldError('is not shape arithmetic');
  }
}

/** The folded value as the constant other nodes read: the batch size as 0 (Reshape's "keep the input's size"). */
export function shapeConstant(value: ShapeValue): OnnxConstant {
  return { shape: [...value.shape], data: Float32Array.from(value.values, (v, i) => (value.batch[i] ? 0 : v)) };
}
