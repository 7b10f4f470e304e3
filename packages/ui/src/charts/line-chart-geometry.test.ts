import { describe, expect, it } from 'vitest';
import { linearScale, linePath, niceTicks, valueExtent } from './line-chart-geometry.js';

describe('line chart geometry', () => {
  it('scales linearly, including inverted pixel ranges', () => {
    expect(linearScale([0, 10], [0, 100])(2.5)).toBe(25);
    expect(linearScale([0, 1], [200, 0])(0.25)).toBe(150);
    expect(linearScale([3, 3], [0, 100])(3)).toBe(50);
  });

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

  it('breaks lines at non-finite values', () => {
    expect(linePath([1, NaN, 3, 4], (i) => i * 10, (v) => v)).toBe('M0,1M20,3L30,4');
    expect(linePath([], (i) => i, (v) => v)).toBe('');
    expect(linePath([1 / 3], () => 0, (v) => v)).toBe('M0,0.33');
  });
});
