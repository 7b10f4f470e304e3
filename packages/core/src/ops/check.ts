import { fail, formatShape } from '../errors.js';
import { describe } from '../shape.js';
import { Tensor } from '../tensor.js';

/** Checks that an argument is a Tensor, naming the op and argument otherwise. */
export function expectTensor(op: string, name: string, value: unknown): asserts value is Tensor {
  if (!(value instanceof Tensor)) {
    fail(op, name, `must be a Tensor, got ${value === null ? 'null' : typeof value}`);
  }
}

/** Checks that two tensors have the same shape (gradients against their forward values). */
export function expectSameShape(op: string, name: string, actual: Tensor, expected: readonly number[], of: string): void {
  if (actual.shape.length !== expected.length || actual.shape.some((d, i) => d !== expected[i])) {
    fail(op, name, `must have the shape of ${of} ${formatShape(expected)}, got ${formatShape(actual.shape)}`);
  }
}

/** Checks an optional bias: rank 1 with one value per output channel; `null` means none, as PyTorch's `bias=None`. */
export function expectBias(op: string, bias: Tensor | null | undefined, channels: number): void {
  if (bias === undefined || bias === null) return;
  expectTensor(op, 'bias', bias);
  if (bias.rank !== 1 || bias.shape[0] !== channels) {
    fail(op, 'bias', `must have shape [${channels}] (one value per output channel), got ${formatShape(bias.shape)}`);
  }
}

/** Checks that a scalar option is a finite number. */
export function expectFinite(op: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(op, name, `must be a finite number, got ${String(value)}`);
}

/** The largest finite float32, about 3.4028235e38. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Checks that a scalar option is a number that stays finite as float32 (|value| at most about
 * 3.4e38): tensors hold float32, so 1e39 would become Infinity and then NaN downstream.
 */
export function expectFiniteFloat32(op: string, name: string, value: number): void {
  expectFinite(op, name, value);
  if (!Number.isFinite(Math.fround(value))) fail(op, name, `must fit in float32 (magnitude at most 3.4028235e38), got ${value}`);
}

/**
 * An op's options argument: `undefined` or `null` mean none (as PyTorch's `bias=None` in the
 * third place), anything but a plain object is refused; a Tensor gets a hint, since PyTorch
 * passes the bias there.
 */
export function optionsOf<T extends object>(op: string, options: T | null | undefined): T | Record<string, never> {
  if (options === undefined || options === null) return {};
  if (options instanceof Tensor) fail(op, 'options', `must be an options object, got a Tensor ${formatShape(options.shape)}; pass a bias as { bias }`);
  if (typeof options !== 'object' || Array.isArray(options)) fail(op, 'options', `must be an options object or null, got ${describe(options)}`);
  return options;
}
