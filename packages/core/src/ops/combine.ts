import { getBackend } from '../backend-registry.js';
import { fail, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { expectSameShape, expectTensor } from './check.js';

/**
 * Elementwise a + b of equal shapes: the skip connection of FCN-style networks.
 * Its gradient passes dL/dY unchanged to both inputs.
 *
 * @example
 * add(ones([1, 2]), ones([1, 2])).toArray(); // [[2, 2]]
 */
export function add(a: Tensor, b: Tensor): Tensor {
  expectTensor('add', 'a', a);
  expectTensor('add', 'b', b);
  expectSameShape('add', 'b', b, a.shape, 'a');
  return getBackend().add(a, b);
}

/** Options of {@link concat}. */
export interface ConcatOptions {
  /** The axis to join along; default 1 (channels of NCHW). */
  axis?: number;
}

function concatAxis(op: string, xs: readonly Tensor[], options: ConcatOptions): number {
  if (!Array.isArray(xs as unknown) || xs.length === 0) fail(op, 'inputs', `must be a non-empty array of tensors, got ${String(xs)}`);
  xs.forEach((t, i) => expectTensor(op, `inputs[${i}]`, t));
  const rank = xs[0].rank;
  const raw = options.axis ?? 1;
  const axis = raw < 0 ? raw + rank : raw;
  if (!Number.isInteger(raw) || axis < 0 || axis >= rank) fail(op, 'axis', `must be an integer in [${-rank}, ${rank - 1}], got ${raw}`);
  xs.forEach((t, i) => {
    const same = t.rank === rank && t.shape.every((d, j) => j === axis || d === xs[0].shape[j]);
    if (!same) {
      fail(op, `inputs[${i}]`, `shape ${formatShape(t.shape)} must match ${formatShape(xs[0].shape)} on every axis but ${axis}`);
    }
  });
  return axis;
}

/**
 * Joins tensors along an axis (default the channel axis): the other skip connection of FCNs.
 *
 * @example
 * concat([zeros([1, 2, 4, 4]), zeros([1, 3, 4, 4])]).shape; // [1, 5, 4, 4]
 */
export function concat(xs: readonly Tensor[], options: ConcatOptions = {}): Tensor {
  return getBackend().concat(xs, concatAxis('concat', xs, options));
}

/** dL/dX of {@link concat}: dL/dY cut back into the inputs' sizes. */
export function concatBackward(dy: Tensor, xs: readonly Tensor[], options: ConcatOptions = {}): Tensor[] {
  const axis = concatAxis('concatBackward', xs, options);
  expectTensor('concatBackward', 'dy', dy);
  const expected = [...xs[0].shape];
  expected[axis] = xs.reduce((sum, t) => sum + t.shape[axis], 0);
  expectSameShape('concatBackward', 'dy', dy, expected, 'the output');
  return getBackend().split(dy, xs.map((t) => t.shape[axis]), axis);
}

/**
 * Flattens every axis from 1 on: `[N, C, H, W]` becomes `[N, C·H·W]`, ready for {@link linear}.
 * Its gradient is the reshape back to the input's shape.
 *
 * @example
 * flatten(zeros([2, 256, 6, 6])).shape; // [2, 9216]
 */
export function flatten(x: Tensor): Tensor {
  expectTensor('flatten', 'input', x);
  if (x.rank < 1) fail('flatten', 'input', `must have a batch axis, got shape ${formatShape(x.shape)}`);
  return x.reshape([x.shape[0], x.size / Math.max(x.shape[0], 1)]);
}
