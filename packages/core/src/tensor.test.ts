import { describe, expect, it } from 'vitest';
import { ConvStudioError } from './errors.js';
import { getMaxTensorElements, setMaxTensorElements } from './limits.js';
import { ones, rand, randn, tensor, zeros } from './tensor.js';

describe('Tensor', () => {
  it('infers the shape of nested arrays and reads elements row-major', () => {
    const t = tensor([[[1, 2, 3], [4, 5, 6]]]);
    expect(t.shape).toEqual([1, 2, 3]);
    expect(t.get(0, 1, 0)).toBe(4);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([[[1, 2, 3], [4, 5, 6]]]);
  });

  it('refuses data that does not fit the shape, naming both', () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow('tensor: data has 3 values but shape [2,2] needs 4');
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
  });

  it('refuses NaN, negative and fractional dimensions', () => {
    expect(() => zeros([2, Number.NaN])).toThrow('zeros: shape must have non-negative integer dimensions, got shape [2,NaN]');
    expect(() => zeros([-1, 3])).toThrow(ConvStudioError);
    expect(() => ones([1.5])).toThrow(/non-negative integer/);
  });

  it('reshapes with one inferred dimension and refuses sizes that do not fit', () => {
    expect(zeros([2, 3, 4]).reshape([2, -1]).shape).toEqual([2, 12]);
    expect(() => zeros([2, 3]).reshape([4, -1])).toThrow('reshape: shape [4,-1] does not fit 6 elements of shape [2,3]');
    expect(() => zeros([4]).reshape([-1, -1])).toThrow(/at most one -1/);
  });

  it('bounds-checks get', () => {
    const t = zeros([2, 2]);
    expect(() => t.get(0, 2)).toThrow('Tensor.get: index 1 must be an integer in [0, 1], got 2');
    expect(() => t.get(0)).toThrow(/must give 2 indices/);
  });

  it('gives the same random values for the same seed and different ones otherwise', () => {
    expect(Array.from(rand([16], { seed: 3 }).data)).toEqual(Array.from(rand([16], { seed: 3 }).data));
    expect(Array.from(rand([16], { seed: 3 }).data)).not.toEqual(Array.from(rand([16], { seed: 4 }).data));
    const u = rand([1000], { seed: 1, low: -2, high: 2 }).data;
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u)).toBeLessThan(2);
  });

  it('draws normal values with the requested mean and spread', () => {
    const values = randn([20000], { seed: 9, mean: 1, std: 2 }).data;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(mean).toBeCloseTo(1, 1);
    expect(Math.sqrt(variance)).toBeCloseTo(2, 1);
  });

  it('refuses allocations above the memory limit before allocating', () => {
    const previous = setMaxTensorElements(1000);
    try {
      expect(() => zeros([10, 10, 11])).toThrow(/1100 elements .* above the limit of 1000 elements/);
      expect(getMaxTensorElements()).toBe(1000);
    } finally {
      setMaxTensorElements(previous);
    }
    // The default refuses a 4 GiB tensor outright.
    expect(() => zeros([1, 1024, 1024, 1024])).toThrow(/GiB/);
  });
});
