import { describe, expect, it } from 'vitest';
import { dropoutHash, dropoutKeeps, pcgHash } from '../cpu/dropout.js';
import { rand, Tensor } from '../tensor.js';
import { dropout, dropoutBackward } from './dropout.js';

describe('dropout', () => {
  it('pcgHash matches the reference pcg_hash in u32 arithmetic (BigInt, masked)', () => {
    const reference = (v: number): number => {
      const m = (x: bigint) => x & 0xffffffffn;
      const state = m(BigInt(v) * 747796405n + 2891336453n);
      const word = m(((state >> ((state >> 28n) + 4n)) ^ state) * 277803737n);
      return Number((word >> 22n) ^ word);
    };
    for (const v of [0, 1, 2, 12345, 0x7fffffff, 0x80000000, 0xffffffff, 987654321]) expect(pcgHash(v)).toBe(reference(v));
  });

  it('drops close to p of the elements and scales the rest by 1/(1-p)', () => {
    const x = rand([4, 8, 32, 32], { seed: 3, low: 0.5, high: 1.5 });
    for (const p of [0.1, 0.5, 0.8]) {
      const y = dropout(x, { p, seed: 11 });
      let dropped = 0;
      let worst = 0;
      for (let i = 0; i < x.size; i++) {
        if (y.data[i] === 0) dropped++;
        else worst = Math.max(worst, Math.abs(y.data[i] - x.data[i] / (1 - p)));
      }
      expect(worst).toBeLessThan(1e-6);
      // Binomial(32768, p): 4 standard deviations is at most 0.011 of the count.
      expect(Math.abs(dropped / x.size - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / x.size));
    }
  });

  it('gives different masks for different seeds and the same mask for the same seed', () => {
    const x = rand([1, 1, 64, 64], { seed: 1, low: 1, high: 2 });
    const a = dropout(x, { p: 0.5, seed: 1 });
    const b = dropout(x, { p: 0.5, seed: 2 });
    expect(Array.from(dropout(x, { p: 0.5, seed: 1 }).data)).toEqual(Array.from(a.data));
    let agree = 0;
    for (let i = 0; i < x.size; i++) if ((a.data[i] === 0) === (b.data[i] === 0)) agree++;
    // Independent masks agree on about half the elements (4096 elements: 0.5 +- 0.03 at 4 sigma).
    expect(Math.abs(agree / x.size - 0.5)).toBeLessThan(0.032);
  });

  it('has neighbouring elements uncorrelated (no stripes from the counter)', () => {
    let same = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) if (dropoutKeeps(0.5, 9, i) === dropoutKeeps(0.5, 9, i + 1)) same++;
    expect(Math.abs(same / n - 0.5)).toBeLessThan(0.015);
    expect(dropoutHash(9, 0)).not.toBe(dropoutHash(9, 1));
  });

  it('backward is dy·mask·scale with the forward mask', () => {
    const x = rand([2, 3, 5, 5], { seed: 4, low: 1, high: 2 });
    const dy = rand([2, 3, 5, 5], { seed: 5 });
    const options = { p: 0.3, seed: 77 };
    const y = dropout(x, options);
    const dx = dropoutBackward(dy, options);
    for (let i = 0; i < x.size; i++) {
      const kept = y.data[i] !== 0;
      expect(kept).toBe(dropoutKeeps(0.3, 77, i));
      expect(dx.data[i]).toBeCloseTo(kept ? dy.data[i] / 0.7 : 0, 5);
    }
  });

  it('is the identity in eval mode and at p = 0, and zero (NaN kept) at p = 1', () => {
    const x = new Tensor(Float32Array.of(1, -2, Number.NaN, 4), [4]);
    expect(dropout(x, { p: 0.9, training: false })).toBe(x);
    expect(dropout(x, { p: 0 })).toBe(x);
    expect(Array.from(dropout(x, { p: 1 }).data)).toEqual([0, -0, Number.NaN, 0]);
  });
});
