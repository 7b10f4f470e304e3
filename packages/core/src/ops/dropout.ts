import { getBackend } from '../backend-registry.js';
import { fail } from '../errors.js';
import { describe } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectTensor, optionsOf } from './check.js';

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** Probability of zeroing an element, in [0, 1]; default 0.5. */
  p?: number;
  /** Dropout acts in training only (default true); in eval mode it is the identity. */
  training?: boolean;
  /** Which elements drop: a u32 seed of the counter-based hash (`dropoutKeeps`); default 0. Same seed, same mask, on every backend. */
  seed?: number;
}

function resolve(op: string, x: Tensor, raw: DropoutOptions | null | undefined): Required<DropoutOptions> {
  expectTensor(op, 'input', x);
  const { p = 0.5, training = true, seed = 0 } = optionsOf(op, raw) as DropoutOptions;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) fail(op, 'p', `must be a probability in [0, 1], got ${describe(p)}`);
  if (typeof training !== 'boolean') fail(op, 'training', `must be true or false, got ${describe(training)}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) fail(op, 'seed', `must be an integer in [0, 2^32 - 1], got ${describe(seed)}`);
  return { p, training, seed };
}

/**
 * Dropout as `torch.nn.Dropout`: in training each element is zeroed with probability p and the
 * rest scaled by 1/(1-p); in eval mode the identity. The mask comes from a counter-based hash of
 * (seed, element index), not from PyTorch's generator, so the CPU and WebGPU backends drop the
 * same elements for the same seed, and the backward pass needs no stored mask.
 *
 * @example
 * dropout(x, { p: 0.5, seed: 42 }); // about half the elements 0, the rest doubled
 * dropout(x, { training: false }); // x itself
 */
export function dropout(x: Tensor, options?: DropoutOptions | null): Tensor {
  const { p, training, seed } = resolve('dropout', x, options);
  return training && p > 0 ? getBackend().dropout(x, p, seed) : x;
}

/**
 * dL/dx of {@link dropout} with the same options: dy·mask/(1-p), the forward's mask.
 *
 * @example
 * dropoutBackward(dy, { p: 0.5, seed: 42 });
 */
export function dropoutBackward(dy: Tensor, options?: DropoutOptions | null): Tensor {
  const { p, training, seed } = resolve('dropoutBackward', dy, options);
  return training && p > 0 ? getBackend().dropout(dy, p, seed) : dy;
}
