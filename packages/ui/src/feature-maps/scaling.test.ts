import { describe, expect, it } from 'vitest';
import { channelRanges, finiteRange, isSigned, symmetricRange, unitPosition } from './scaling.js';

describe('scaling', () => {
  it('finds finite min and max, skipping NaN and infinities', () => {
    expect(finiteRange(Float32Array.of(3, NaN, -1, Infinity, -Infinity))).toEqual({ min: -1, max: 3 });
    expect(finiteRange(Float32Array.of(NaN, Infinity))).toBeNull();
    expect(finiteRange(Float32Array.of(1, 2, 3, 4), 1, 3)).toEqual({ min: 2, max: 3 });
  });

  it('centres symmetric ranges on zero', () => {
    expect(symmetricRange({ min: -1, max: 3 })).toEqual({ min: -3, max: 3 });
    expect(symmetricRange({ min: -5, max: 2 })).toEqual({ min: -5, max: 5 });
  });

  it('scales per map or per layer', () => {
    const data = Float32Array.of(0, 1, 10, 20);
    expect(channelRanges(data, 2, 2, { scaling: 'per-map', symmetric: false })).toEqual([
      { min: 0, max: 1 },
      { min: 10, max: 20 },
    ]);
    expect(channelRanges(data, 2, 2, { scaling: 'per-layer', symmetric: false })).toEqual([
      { min: 0, max: 20 },
      { min: 0, max: 20 },
    ]);
    expect(channelRanges(Float32Array.of(-1, 2, -4, 1), 2, 2, { scaling: 'per-map', symmetric: true })).toEqual([
      { min: -2, max: 2 },
      { min: -4, max: 4 },
    ]);
  });

  it('handles constant and all-NaN maps without dividing by zero', () => {
    const [constant, empty] = channelRanges(Float32Array.of(7, 7, NaN, NaN), 2, 2, { scaling: 'per-map', symmetric: false });
    expect(constant).toEqual({ min: 7, max: 7 });
    expect(empty).toEqual({ min: 0, max: 0 });
    expect(unitPosition(7, constant)).toBe(0.5);
    expect(unitPosition(0, { min: 0, max: 0 })).toBe(0.5);
  });

  it('maps values to [0, 1] with clamping, keeping NaN', () => {
    expect(unitPosition(2, { min: 0, max: 4 })).toBe(0.5);
    expect(unitPosition(-1, { min: 0, max: 4 })).toBe(0);
    expect(unitPosition(9, { min: 0, max: 4 })).toBe(1);
    expect(unitPosition(NaN, { min: 0, max: 4 })).toBeNaN();
  });

  it('detects signed data', () => {
    expect(isSigned(Float32Array.of(-1, 0, 2))).toBe(true);
    expect(isSigned(Float32Array.of(0, 2))).toBe(false);
    expect(isSigned(Float32Array.of(-1, -2))).toBe(false);
  });
});
