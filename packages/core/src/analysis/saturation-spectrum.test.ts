import { describe, expect, it } from 'vitest';
import { randn, tensor, zeros } from '../tensor.js';
import { spectrumReport } from './saturation-spectrum.js';

describe('spectrumReport', () => {
  it('reports a healthy random conv weight without flags (the TSDoc example)', () => {
    const report = spectrumReport(randn([64, 3, 3, 3], { seed: 1, std: 0.1 }));
    expect(report.matrixShape).toEqual([64, 27]);
    expect(report.singularValues.length).toBe(27);
    expect(report.rank).toBe(27);
    expect(report.nearZero.count).toBe(0);
    expect(report.large.count).toBe(0);
    expect(report.conditionNumber).toBeGreaterThan(1);
    expect(report.conditionNumber).toBeLessThan(100);
    expect(report.flags).toEqual([]);
  });

  it('flags a nearly singular matrix: low effective rank, ignored directions', () => {
    // diag(2, 1, 1e-5) rotated: σ = (2, 1, 1e-5), 1e-5 < 1e-3·2.
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const report = spectrumReport(tensor([[2 * c, -s, 0], [2 * s, c, 0], [0, 0, 1e-5]]));
    expect(report.max).toBeCloseTo(2, 6);
    expect(report.min).toBeCloseTo(1e-5, 8);
    expect(report.conditionNumber).toBeGreaterThan(1e5);
    expect(report.rank).toBe(2);
    expect(report.nearZero.threshold).toBeCloseTo(2e-3, 9);
    expect(report.nearZero.indices).toEqual([2]);
    expect(report.large.count).toBe(0);
    expect(report.flags).toHaveLength(1);
    expect(report.flags[0]).toMatch(/1 of 3 singular values are below 0\.001·σmax .*effective rank 2 of 3/);
    expect(report.flags[0]).toMatch(/not using all degrees of freedom: some input directions are ignored/);
  });

  it('flags a large-gain matrix: amplification, gradient instability', () => {
    const report = spectrumReport(tensor([[50, 0], [0, 0.5]]));
    expect(report.large).toEqual({ threshold: 10, count: 1, indices: [0] });
    expect(report.nearZero.count).toBe(0);
    expect(report.conditionNumber).toBeCloseTo(100, 6);
    expect(report.flags).toHaveLength(1);
    expect(report.flags[0]).toMatch(/1 of 2 singular values exceed 10 \(σmax = 50\)/);
    expect(report.flags[0]).toMatch(/amplifies inputs along some directions: gradient instability \/ redundancy/);
  });

  it('honours custom thresholds', () => {
    const report = spectrumReport(tensor([[50, 0], [0, 0.5]]), { smallRatio: 0.1, largeValue: 100 });
    expect(report.nearZero.indices).toEqual([1]);
    expect(report.large.count).toBe(0);
    expect(report.rank).toBe(1);
  });

  it('reports the all-zero weight as rank 0 with infinite condition number', () => {
    const report = spectrumReport(zeros([4, 2, 3, 3]));
    expect(report.rank).toBe(0);
    expect(report.nearZero.count).toBe(4);
    expect(report.conditionNumber).toBe(Infinity);
    expect(report.flags[0]).toMatch(/all zero/);
  });

  it('refuses bad options and bad weights', () => {
    expect(() => spectrumReport(zeros([2, 2]), { smallRatio: 0 })).toThrow('spectrumReport: smallRatio must be in (0, 1), got 0');
    expect(() => spectrumReport(zeros([2, 2]), { largeValue: -1 })).toThrow(/largeValue must be a positive finite number, got -1/);
    expect(() => spectrumReport(zeros([2, 2, 2]))).toThrow(/spectrumReport: weight must be rank 4 .* got shape \[2,2,2\]/);
    expect(() => spectrumReport(tensor([[1, Infinity]]))).toThrow(/spectrumReport: weight must be finite, got Infinity/);
  });
});
