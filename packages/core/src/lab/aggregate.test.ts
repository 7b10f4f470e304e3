import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../nn/train.js';
import { plateauEpoch, spreadOf, summarizeRuns, type RunOutcome } from './aggregate.js';
import { paretoFront } from './pareto.js';

const epoch = (e: number, validationAccuracy: number, validationLoss: number): EpochMetrics => ({ epoch: e, trainLoss: validationLoss, trainAccuracy: validationAccuracy, validationAccuracy, validationLoss, durationMs: 1 });

describe('spreadOf', () => {
  it('gives mean, sample standard deviation and standard error', () => {
    const s = spreadOf([0.9, 0.92, 0.94]);
    expect(s.mean).toBeCloseTo(0.92, 12);
    expect(s.std).toBeCloseTo(0.02, 12);
    expect(s.sem).toBeCloseTo(0.02 / Math.sqrt(3), 12);
    expect([s.min, s.max, s.n]).toEqual([0.9, 0.94, 3]);
  });
  it('leaves the spread at 0 for one value and NaN means for none', () => {
    expect(spreadOf([0.5])).toMatchObject({ n: 1, mean: 0.5, std: 0, sem: 0 });
    expect(spreadOf([]).mean).toBeNaN();
  });
});

describe('summarizeRuns', () => {
  it('groups by variant, prefers the test score, averages the curves per epoch', () => {
    const runs: RunOutcome[] = [
      { variantId: 'a', seed: 0, history: [epoch(1, 0.5, 1), epoch(2, 0.7, 0.8)], test: { accuracy: 0.72, loss: 0.79 } },
      { variantId: 'a', seed: 1, history: [epoch(1, 0.6, 0.9), epoch(2, 0.8, 0.6)], test: { accuracy: 0.78, loss: 0.61 } },
      { variantId: 'b', seed: 0, history: [epoch(1, 0.4, 1.2)] },
      { variantId: 'c', seed: 0, history: [] },
    ];
    const [a, b, ...rest] = summarizeRuns(runs);
    expect(rest).toEqual([]);
    expect(a.variantId).toBe('a');
    expect(a.accuracy.mean).toBeCloseTo(0.75, 12);
    expect(a.meanCurve[0]).toBeCloseTo(0.55, 12);
    expect(a.meanCurve[1]).toBeCloseTo(0.75, 12);
    expect(a.meanLossCurve[1]).toBeCloseTo(0.7, 12);
    expect(b.accuracy.mean).toBe(0.4);
  });
});

describe('plateauEpoch', () => {
  it('marks where a loss curve went flat, and nothing on a curve that still falls', () => {
    expect(plateauEpoch([1.0, 0.5, 0.3, 0.3, 0.301, 0.299], 'min')).toBe(3);
    expect(plateauEpoch([0.5, 0.7, 0.8, 0.8, 0.801, 0.8], 'max')).toBe(3);
    expect(plateauEpoch([1.0, 0.8, 0.6, 0.4, 0.3, 0.2], 'min')).toBeNull();
    expect(plateauEpoch([1.0, 0.5], 'min')).toBeNull();
  });
});

describe('paretoFront', () => {
  it('keeps the points no cheaper point beats, by increasing cost', () => {
    const points = [
      { id: 'big', accuracy: 0.97, cost: 1000 },
      { id: 'small', accuracy: 0.9, cost: 10 },
      { id: 'dominated', accuracy: 0.89, cost: 50 },
      { id: 'mid', accuracy: 0.95, cost: 100 },
      { id: 'worse-and-dearer', accuracy: 0.94, cost: 2000 },
      { id: 'broken', accuracy: Number.NaN, cost: 1 },
    ];
    expect(paretoFront(points).map((p) => p.id)).toEqual(['small', 'mid', 'big']);
  });
  it('keeps exact ties and drops a same-cost point with lower accuracy', () => {
    const front = paretoFront([{ id: 'a', accuracy: 0.9, cost: 5 }, { id: 'b', accuracy: 0.9, cost: 5 }, { id: 'c', accuracy: 0.8, cost: 5 }]);
    expect(front.map((p) => p.id)).toEqual(['a', 'b']);
  });
});
