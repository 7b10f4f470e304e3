import { describe, expect, it } from 'vitest';
import { firstNonFinite } from './finite.js';

describe('firstNonFinite', () => {
  const bad = [NaN, Infinity, -Infinity];
  const fine = [0, -0, 1e-45, -1e-45, 3.4028234663852886e38, -3.4028234663852886e38, 1.1754943508222875e-38];

  it('finds each kind of non-finite value at every position, in the four-wide part and the tail', () => {
    for (const length of [1, 3, 4, 5, 8, 11]) {
      for (let at = 0; at < length; at++) {
        for (const value of bad) {
          const data = new Float32Array(length).fill(0.5);
          data[at] = value;
          if (at + 1 < length) data[length - 1] = value; // a later one must not win
          expect(firstNonFinite(data)).toBe(at);
        }
      }
    }
  });

  it('accepts zeros, subnormals and the largest finite float32s', () => {
    expect(firstNonFinite(Float32Array.from(fine))).toBe(-1);
    expect(firstNonFinite(new Float32Array(0))).toBe(-1);
  });

  it('reads a view that starts inside its buffer', () => {
    const buffer = new Float32Array([NaN, 1, 2, 3, 4, Infinity]);
    expect(firstNonFinite(buffer.subarray(1))).toBe(4);
    expect(firstNonFinite(buffer.subarray(1, 5))).toBe(-1);
  });
});
