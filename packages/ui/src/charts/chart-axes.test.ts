import { describe, expect, it } from 'vitest';
import { chartRows, isolatedPoint, niceTicks, stepAxis, valueAxis, valueExtent } from './chart-axes.js';

describe('chart axes', () => {
  it('finds finite extents with fallbacks', () => {
    expect(valueExtent([[0.9, 0.5], [NaN, 0.7, Infinity]])).toEqual([0.5, 0.9]);
    expect(valueExtent([])).toEqual([0, 1]);
    expect(valueExtent([[2]])).toEqual([1, 3]);
    expect(valueExtent([[0, 0]])).toEqual([-0.5, 0.5]);
  });

  it('picks round ticks that enclose the data', () => {
    expect(niceTicks(0.03, 0.97, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 2.3, 5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(1, 10, 4)).toEqual([0, 5, 10]);
    expect(niceTicks(0.1, 0.3, 2)).toEqual([0.1, 0.2, 0.3]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });

  it('spans value axes from the first to the last round tick, or keeps a fixed domain', () => {
    expect(valueAxis([[2.31, 0.42]])).toEqual({ domain: [0, 2.5], ticks: [0, 0.5, 1, 1.5, 2, 2.5] });
    // A single loss value still gets an interval with the value inside it.
    const single = valueAxis([[0.7]]);
    expect(single.domain[0]).toBeLessThan(0.7);
    expect(single.domain[1]).toBeGreaterThan(0.7);
    expect(valueAxis([[0.8]], [0, 1])).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
  });

  it('gives one epoch room on both sides and many epochs whole-number ticks', () => {
    expect(stepAxis(1, 1)).toEqual({ domain: [0.5, 1.5], ticks: [1] });
    expect(stepAxis(1, 0)).toEqual({ domain: [0.5, 1.5], ticks: [1] });
    expect(stepAxis(1, 3)).toEqual({ domain: [1, 3], ticks: [1, 2, 3] });
    expect(stepAxis(1, 50).ticks).toEqual([10, 20, 30, 40, 50]);
    expect(stepAxis(1, 4).ticks.every(Number.isInteger)).toBe(true);
  });

  it('turns series into rows with null where a value is missing or not finite', () => {
    expect(chartRows([[2, 1], [NaN]], 1)).toEqual([{ x: 1, s0: 2, s1: null }, { x: 2, s0: 1, s1: null }]);
    expect(chartRows([], 1)).toEqual([]);
  });

  it('finds points that only a dot can show', () => {
    expect(isolatedPoint([0.5], 0)).toBe(true);
    expect(isolatedPoint([0.5, NaN, 1], 2)).toBe(true);
    expect(isolatedPoint([0.5, 0.7], 0)).toBe(false);
    expect(isolatedPoint([NaN, 0.7], 0)).toBe(false);
  });
});
