import { fail, formatShape } from './errors.js';

/** A pair of numbers for the height and width axes; a single number means both. */
export type Pair = number | readonly [number, number];

/**
 * Convolution padding: one number for every side, `[h, w]`, `[top, bottom, left, right]`,
 * `'valid'` (none) or `'same'` (output size = ceil(input / stride)).
 *
 * With `'same'` the total padding `(out - 1) * stride + dilation * (k - 1) + 1 - in` is split
 * with the smaller half on top/left and the extra row or column on the bottom/right, as PyTorch
 * (stride 1) and TensorFlow do. An even kernel therefore pads asymmetrically: a 2x2 kernel on a
 * 3x3 input pads 0 rows on top and 1 at the bottom. (The source document pads a 3x3 input to
 * 5x5 for a 2x2 kernel; that gives a 4x4 output, not 3x3: one row and column of zeros is enough.)
 */
export type Padding = number | readonly [number, number] | readonly [number, number, number, number] | 'valid' | 'same';

/** Explicit padding on each side. */
export interface Pad4 {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Everything a backend needs to run a 2D convolution, computed once in core so that no backend
 * repeats (or gets wrong) the shape math. Transposed convolution is described by the same
 * record with input and output swapped: its forward pass is this convolution's input gradient.
 */
export interface Conv2dInfo {
  batch: number;
  inChannels: number;
  inHeight: number;
  inWidth: number;
  outChannels: number;
  outHeight: number;
  outWidth: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  pad: Pad4;
  groups: number;
}

/** Reads a stride/dilation/kernel pair, checking positive integers. */
export function positivePair(op: string, name: string, value: Pair | undefined, fallback: number): [number, number] {
  const pair = toPair(op, name, value ?? fallback);
  if (pair.some((v) => !Number.isSafeInteger(v) || v <= 0)) {
    fail(op, name, `must be a positive integer or a pair of them, got ${describe(value)}`);
  }
  return pair;
}

/** Reads a non-negative integer pair (padding, output padding). */
export function nonNegativePair(op: string, name: string, value: Pair | undefined): [number, number] {
  const pair = toPair(op, name, value ?? 0);
  if (pair.some((v) => !Number.isSafeInteger(v) || v < 0)) {
    fail(op, name, `must be a non-negative integer or a pair of them, got ${describe(value)}`);
  }
  return pair;
}

function toPair(op: string, name: string, value: Pair): [number, number] {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2) return [value[0], value[1]];
  return fail(op, name, `must be a number or [height, width], got ${describe(value)}`);
}

// JSON writes NaN and Infinity as null; messages must show what came, so they pass as marked strings.
const NON_FINITE = '\u0001nonfinite:';

/**
 * JSON-ish rendering of a user value for error messages; NaN, Infinity and -Infinity are
 * written as such (JSON would say null).
 *
 * @example
 * describe([1, NaN]); // '[1,NaN]'
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `${NON_FINITE}${v}` : v));
    return text === undefined ? String(value) : text.replace(/"\\u0001nonfinite:(NaN|-?Infinity)"/g, '$1');
  } catch {
    return String(value);
  }
}

/** Checks that a tensor shape has the given rank; `layout` names the axes for the message. */
export function expectRank(op: string, name: string, shape: readonly number[], rank: number, layout: string): void {
  if (shape.length !== rank) {
    fail(op, name, `must be rank ${rank} (${layout}), got shape ${formatShape(shape)}`);
  }
  if (shape.some((d) => !Number.isSafeInteger(d) || d <= 0)) {
    fail(op, name, `must have positive integer dimensions, got shape ${formatShape(shape)}`);
  }
}

/** Resolves a {@link Padding} to explicit sides for one input size, kernel, stride and dilation. */
export function resolvePadding(
  op: string,
  padding: Padding | undefined,
  input: [number, number],
  kernel: [number, number],
  stride: [number, number],
  dilation: [number, number],
): Pad4 {
  if (padding === undefined || padding === 'valid') return { top: 0, bottom: 0, left: 0, right: 0 };
  if (padding === 'same') {
    const [top, bottom] = samePadding(input[0], kernel[0], stride[0], dilation[0]);
    const [left, right] = samePadding(input[1], kernel[1], stride[1], dilation[1]);
    return { top, bottom, left, right };
  }
  if (Array.isArray(padding) && padding.length === 4) {
    const sides = padding as readonly number[];
    if (sides.some((v) => !Number.isSafeInteger(v) || v < 0)) {
      fail(op, 'padding', `must hold non-negative integers, got ${describe(padding)}`);
    }
    return { top: sides[0], bottom: sides[1], left: sides[2], right: sides[3] };
  }
  if (typeof padding === 'string') {
    return fail(op, 'padding', `must be a number, [h, w], [top, bottom, left, right], 'valid' or 'same', got ${describe(padding)}`);
  }
  const [h, w] = nonNegativePair(op, 'padding', padding as Pair);
  return { top: h, bottom: h, left: w, right: w };
}

function samePadding(size: number, kernel: number, stride: number, dilation: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Output size of a sliding window along one axis (floor mode). */
export function windowCount(size: number, padBefore: number, padAfter: number, kernel: number, stride: number, dilation: number): number {
  return Math.floor((size + padBefore + padAfter - dilation * (kernel - 1) - 1) / stride) + 1;
}
