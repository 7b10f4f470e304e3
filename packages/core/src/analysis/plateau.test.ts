import { describe, expect, it } from 'vitest';
import { detectPlateau } from './plateau.js';

describe('detectPlateau', () => {
  it('sees no plateau in a steadily falling loss', () => {
    const loss = Array.from({ length: 20 }, (_, e) => 2 * 0.9 ** e);
    const r = detectPlateau(loss);
    expect(r.plateaued).toBe(false);
    expect(r.sinceEpoch).toBeNull();
    // Best of the last 5 (epoch 19) over best before (epoch 14): 1 − 0.9⁵.
    expect(r.improvement).toBeCloseTo(1 - 0.9 ** 5, 12);
    expect(r.bestValue).toBeCloseTo(2 * 0.9 ** 19, 12);
    expect(r.reason).toMatch(/improved by 41 % over the last 5 epochs/);
  });

  it('finds a flat tail and the epoch it began (the TSDoc example)', () => {
    const loss = [2.0, 1.2, 0.8, 0.6, 0.6, 0.601, 0.6, 0.599, 0.6];
    const r = detectPlateau(loss, { window: 5 });
    expect(r.plateaued).toBe(true);
    expect(r.sinceEpoch).toBe(3);
    expect(r.bestValue).toBe(0.599);
    expect(r.improvement).toBeCloseTo(0.001 / 0.6, 12);
    expect(r.reason).toMatch(/no epoch after index 3/);
  });

  it('dates the plateau from the last real gain, ignoring noise in the tail', () => {
    const loss = [1, 0.5, 0.3, 0.25, 0.251, 0.2495, 0.2502, 0.2499, 0.25, 0.2498, 0.2501, 0.25];
    const r = detectPlateau(loss, { window: 4 });
    expect(r.plateaued).toBe(true);
    expect(r.sinceEpoch).toBe(3);
    // A stricter bar counts the 0.2% dip at epoch 5 as progress, so the plateau starts there.
    expect(detectPlateau(loss, { window: 4, minRelativeImprovement: 0.001 }).sinceEpoch).toBe(5);
  });

  it('counts a gain just over the bar as progress when dating the plateau', () => {
    // Epoch 2 improves on epoch 1 by 1.02 % (≥ 1 %), so the plateau starts at 2, not 1.
    const r = detectPlateau([1, 0.9, 0.8908, 0.8908, 0.8908, 0.8908, 0.8908], { window: 3 });
    expect(r.plateaued).toBe(true);
    expect(r.sinceEpoch).toBe(2);
  });

  it('reads an accuracy history in max mode', () => {
    const accuracy = [0.5, 0.7, 0.8, 0.85, 0.86, 0.9, 0.9, 0.901, 0.899, 0.9, 0.9];
    const r = detectPlateau(accuracy, { mode: 'max', window: 5 });
    expect(r.plateaued).toBe(true);
    expect(r.sinceEpoch).toBe(5);
    expect(r.bestValue).toBe(0.901);
    expect(r.improvement).toBeCloseTo(0.001 / 0.9, 12);
    // The same curve read as a loss (min mode) never improves after epoch 0: plateaued since 0.
    expect(detectPlateau(accuracy, { mode: 'min', window: 5 }).sinceEpoch).toBe(0);
    // Still rising accuracy is no plateau.
    expect(detectPlateau([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], { mode: 'max', window: 3 }).plateaued).toBe(false);
  });

  it('answers "not enough data" for histories no longer than the window', () => {
    for (const history of [[], [1], [1, 1, 1, 1, 1]]) {
      const r = detectPlateau(history, { window: 5 });
      expect(r.plateaued).toBe(false);
      expect(r.improvement).toBeNull();
      expect(r.reason).toBe(`not enough data: need more than window = 5 epochs to compare, got ${history.length}`);
    }
    expect(detectPlateau([]).bestValue).toBeNull();
    expect(detectPlateau([1, 1, 1, 1, 1, 1]).plateaued).toBe(true);
  });

  it('uses the plain difference when the earlier best is exactly 0', () => {
    expect(detectPlateau([0, 0, 0, 0], { window: 2 }).plateaued).toBe(true);
    const r = detectPlateau([0, 0, 0.5, 0.5], { mode: 'max', window: 2 });
    expect(r.plateaued).toBe(false);
    expect(r.improvement).toBe(0.5);
  });

  it('refuses NaN and bad options', () => {
    expect(() => detectPlateau([1, NaN, 0.5])).toThrow('detectPlateau: history must be finite, got NaN at epoch index 1 of 3');
    expect(() => detectPlateau([1], { window: 0 })).toThrow(/window must be a positive integer, got 0/);
    expect(() => detectPlateau([1], { minRelativeImprovement: -1 })).toThrow(/minRelativeImprovement must be/);
    expect(() => detectPlateau([1], { mode: 'up' as 'min' })).toThrow(/mode must be 'min' or 'max', got up/);
  });
});
