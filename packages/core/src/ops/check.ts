import { fail, formatShape } from '../errors.js';
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

/** Checks an optional bias: rank 1 with one value per output channel. */
export function expectBias(op: string, bias: Tensor | undefined, channels: number): void {
  if (bias === undefined) return;
  expectTensor(op, 'bias', bias);
  if (bias.rank !== 1 || bias.shape[0] !== channels) {
    fail(op, 'bias', `must have shape [${channels}] (one value per output channel), got ${formatShape(bias.shape)}`);
  }
}

/** Checks that a scalar option is a finite number. */
export function expectFinite(op: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(op, name, `must be a finite number, got ${String(value)}`);
}
