import { Tensor } from '../tensor.js';

/**
 * The PCG-RXS-M-XS 32-bit output permutation (O'Neill's pcg_hash), in u32 arithmetic: the same
 * function as `pcgHash` in the gpu package's WGSL (packages/gpu/src/wgsl/dropout.ts), so both
 * backends drop the same elements for the same seed.
 */
export function pcgHash(value: number): number {
  const state = (Math.imul(value >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> (((state >>> 28) + 4) >>> 0)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/**
 * The u32 hash dropout draws for element `index` under `seed`: counter-based (no state, any
 * element in any order, on any thread), hashing the index first so that two seeds give
 * unrelated masks rather than shifted copies of one sequence.
 */
export function dropoutHash(seed: number, index: number): number {
  return pcgHash((seed ^ pcgHash(index)) >>> 0);
}

/**
 * Hashes below this are dropped: round(p·2^32), so an element survives with probability 1 - p
 * (to 2^-32). Shared with the gpu backend, which passes it as a uniform.
 */
export function dropoutThreshold(p: number): number {
  return Math.min(Math.round(p * 2 ** 32), 2 ** 32 - 1);
}

/** The factor on kept elements, 1/(1-p) in float32 as PyTorch computes it; 0 for p = 1 (every element dropped). */
export function dropoutScale(p: number): number {
  return p >= 1 ? 0 : Math.fround(1 / Math.fround(1 - p));
}

/**
 * Whether element `index` is kept under `seed` at rate `p`.
 *
 * @example
 * dropoutKeeps(0.5, 7, 0); // true or false, the same on every backend
 */
export function dropoutKeeps(p: number, seed: number, index: number): boolean {
  return p < 1 && dropoutHash(seed, index) >= dropoutThreshold(p);
}

/** x·keep/(1-p); p = 1 multiplies everything by 0 (NaN stays NaN, as PyTorch's x * 0). */
export function dropout(x: Tensor, p: number, seed: number): Tensor {
  const src = x.data;
  const out = new Float32Array(x.size);
  const threshold = dropoutThreshold(p);
  const scale = dropoutScale(p);
  for (let i = 0; i < out.length; i++) out[i] = p < 1 && dropoutHash(seed, i) >= threshold ? src[i] * scale : src[i] * 0;
  return new Tensor(out, x.shape);
}
