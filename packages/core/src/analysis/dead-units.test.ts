import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../tensor.js';
import { deadUnitFraction } from './dead-units.js';

describe('deadUnitFraction', () => {
  it('counts units silent for every sample of a hand-made [N=2, C=3, 2, 2] batch', () => {
    // Channel 0: position (0,0) fires in sample 0 only, (1,1) in sample 1 only; (0,1) and (1,0) never.
    // Channel 1: never fires (a dead filter). Channel 2: fires everywhere in sample 1.
    const sample0 = [[[3, 0], [0, 0]], [[0, 0], [0, 0]], [[0, 0], [0, 0]]];
    const sample1 = [[[0, 0], [0, 2]], [[0, 0], [0, 0]], [[1, 1], [1, 1]]];
    const r = deadUnitFraction(tensor([sample0, sample1]));
    expect(r.unitCount).toBe(12);
    expect(r.deadCount).toBe(2 + 4 + 0);
    expect(r.fraction).toBeCloseTo(6 / 12, 12);
    expect([...r.perChannel]).toEqual([0.5, 1, 0]);
    expect(r.alwaysZeroChannels).toEqual([1]);
    expect([...r.deadMask]).toEqual([0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('treats each feature of [N, F] as a unit and channel (the TSDoc example)', () => {
    const r = deadUnitFraction(tensor([[0, 1.5, 0], [0, 0, 2]]));
    expect(r.deadCount).toBe(1);
    expect(r.fraction).toBeCloseTo(1 / 3, 12);
    expect([...r.perChannel]).toEqual([1, 0, 0]);
    expect(r.alwaysZeroChannels).toEqual([0]);
  });

  it('uses the threshold: values at or below it count as silent', () => {
    // Binary fractions, so float32 storage cannot move a value across the threshold.
    const acts = tensor([[0.125, 0.5], [0.25, 0.0625]]);
    expect(deadUnitFraction(acts).deadCount).toBe(0);
    const r = deadUnitFraction(acts, { threshold: 0.25 });
    expect(r.deadCount).toBe(1);
    expect(r.alwaysZeroChannels).toEqual([0]);
  });

  it('refuses wrong ranks, empty batches, NaN', () => {
    expect(() => deadUnitFraction(zeros([2, 3, 4]))).toThrow(
      'deadUnitFraction: activations must be rank 4 [N, C, H, W] or rank 2 [N, F], got shape [2,3,4]',
    );
    expect(() => deadUnitFraction(zeros([0, 3, 4, 4]))).toThrow(/must not be empty, got shape \[0,3,4,4\]/);
    expect(() => deadUnitFraction(tensor([[1, NaN]]))).toThrow(/deadUnitFraction: activations must be finite, got NaN/);
    expect(() => deadUnitFraction(zeros([1, 1]), { threshold: NaN })).toThrow(/threshold must be a finite number/);
  });
});
