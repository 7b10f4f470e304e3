import { describe, expect, it } from 'vitest';
import { fillNormal } from './random.js';

// The standard normal CDF from erf (Abramowitz & Stegun 7.1.26, error below 1.5e-7): an oracle
// written independently of the ziggurat's tables.
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

describe('fillNormal', () => {
  const n = 1_000_000;
  const values = new Float32Array(n);
  fillNormal(values, 12345);

  it('draws a standard normal: mean, variance and the Kolmogorov-Smirnov distance to the CDF', () => {
    let sum = 0;
    let squares = 0;
    for (const v of values) {
      sum += v;
      squares += v * v;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(Math.abs(squares / n - mean * mean - 1)).toBeLessThan(0.01);
    const sorted = Float64Array.from(values).sort();
    let distance = 0;
    for (let i = 0; i < n; i++) {
      const cdf = normalCdf(sorted[i]);
      distance = Math.max(distance, Math.abs(cdf - i / n), Math.abs(cdf - (i + 1) / n));
    }
    // 1.63 / sqrt(n) is the KS critical value at the 1% level.
    expect(distance).toBeLessThan(1.63 / Math.sqrt(n));
  });

  it('reaches the tails beyond the ziggurat base layer, at the normal rate', () => {
    // P(|x| > 3.4426) = 5.76e-4 and P(|x| > 4) = 6.33e-5 for a standard normal.
    const beyond = (limit: number) => values.reduce((count, v) => count + (Math.abs(v) > limit ? 1 : 0), 0) / n;
    expect(beyond(3.4426)).toBeGreaterThan(5.76e-4 * 0.8);
    expect(beyond(3.4426)).toBeLessThan(5.76e-4 * 1.2);
    expect(beyond(4)).toBeGreaterThan(6.33e-5 * 0.5);
    expect(beyond(4)).toBeLessThan(6.33e-5 * 1.5);
    expect(values.every(Number.isFinite)).toBe(true);
  });

  it('draws independent neighbours (lag-1 correlation near 0)', () => {
    let product = 0;
    for (let i = 1; i < n; i++) product += values[i] * values[i - 1];
    expect(Math.abs(product / (n - 1))).toBeLessThan(0.005);
  });

  it('is deterministic for a seed, differs between seeds, and scales by std', () => {
    const a = new Float32Array(1000);
    const b = new Float32Array(1000);
    const scaled = new Float32Array(1000);
    fillNormal(a, 7);
    fillNormal(b, 7);
    fillNormal(scaled, 7, 0.5);
    expect(b).toEqual(a);
    expect(scaled.every((v, i) => Math.abs(v - 0.5 * a[i]) <= 1e-6 * Math.max(1, Math.abs(a[i])))).toBe(true);
    fillNormal(b, 8);
    expect(b).not.toEqual(a);
  });
});
