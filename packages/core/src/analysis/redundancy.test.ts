import { describe, expect, it } from 'vitest';
import { randn, tensor, zeros } from '../tensor.js';
import { filterRedundancy } from './redundancy.js';

// Four 1×2×2 filters: 0 and 1 are the same diagonal edge at two scales, 2 is its negative,
// 3 is orthogonal to all of them (the other diagonal), 4 is all zero.
const edge = [[[1, 0], [0, -1]]];
const weight = tensor([
  edge,
  [[[3, 0], [0, -3]]],
  [[[-1, 0], [0, 1]]],
  [[[0, 1], [1, 0]]],
  [[[0, 0], [0, 0]]],
]);

describe('filterRedundancy', () => {
  it('flags duplicate and negated filters, not orthogonal ones, and reports a zero filter as dead', () => {
    const r = filterRedundancy(weight);
    expect(r.channels).toBe(5);
    expect(r.deadFilters).toEqual([4]);
    const found = r.pairs.map((p) => [p.i, p.j, Number(p.filterSimilarity.toFixed(12))]);
    expect(found.sort()).toEqual([
      [0, 1, 1],
      [0, 2, -1],
      [1, 2, -1],
    ]);
    expect(r.pairs.every((p) => p.mapSimilarity === null && p.by.join() === 'filter')).toBe(true);
    expect(r.filterSimilarity[0 * 5 + 3]).toBe(0);
    expect(r.filterSimilarity[3 * 5 + 3]).toBe(1);
    expect(r.filterSimilarity[4 * 5 + 0]).toBeNaN();
    expect(r.mapSimilarity).toBeNull();
    expect(r.deadMaps).toEqual([]);
  });

  it('gives the TSDoc example its stated result', () => {
    const w = tensor([[[[1, 0], [0, -1]]], [[[-1, 0], [0, 1]]], [[[0, 1], [1, 0]]]]);
    expect(filterRedundancy(w).pairs).toEqual([{ i: 0, j: 1, filterSimilarity: -1, mapSimilarity: null, by: ['filter'] }]);
  });

  it('flags only same-sign duplicates with absolute: false', () => {
    const r = filterRedundancy(weight, undefined, { absolute: false });
    expect(r.pairs.map((p) => [p.i, p.j])).toEqual([[0, 1]]);
  });

  it('keeps pairs just under the threshold out', () => {
    // cos ≈ 0.9 (float32 storage moves it by ~1e-7).
    const w = tensor([[1, 0], [0.9, Math.sqrt(1 - 0.81)]]);
    expect(filterRedundancy(w).pairs).toEqual([]);
    expect(filterRedundancy(w, undefined, { threshold: 0.89 }).pairs).toHaveLength(1);
  });

  it('compares feature maps over batch and space and catches filters that respond alike', () => {
    // Filters 0 and 1 differ (orthogonal), but their maps are proportional on this batch.
    const w = tensor([[[[1, 0], [0, 0]]], [[[0, 1], [0, 0]]], [[[0, 0], [1, 0]]]]);
    const a = randn([2, 1, 3, 3], { seed: 4 }).data;
    const b = randn([2, 1, 3, 3], { seed: 9 }).data;
    const maps = new Float32Array(2 * 3 * 9);
    for (let n = 0; n < 2; n++) {
      for (let p = 0; p < 9; p++) {
        maps[(n * 3 + 0) * 9 + p] = a[n * 9 + p];
        maps[(n * 3 + 1) * 9 + p] = 2 * a[n * 9 + p];
        maps[(n * 3 + 2) * 9 + p] = b[n * 9 + p];
      }
    }
    const r = filterRedundancy(w, tensor(maps, [2, 3, 3, 3]));
    expect(r.pairs).toHaveLength(1);
    expect(r.pairs[0]).toMatchObject({ i: 0, j: 1, filterSimilarity: 0, by: ['map'] });
    expect(r.pairs[0].mapSimilarity).toBeCloseTo(1, 6);
    expect(r.mapSimilarity![0 * 3 + 2]).toBeLessThan(0.9);
  });

  it('reports all-zero maps as dead maps without pairing them', () => {
    const w = tensor([[1, 0], [0, 1]]).reshape([2, 1, 1, 2]);
    const maps = tensor([1, 2, 0, 0, 3, 4, 0, 0], [2, 2, 1, 2]);
    const r = filterRedundancy(w, maps);
    expect(r.deadMaps).toEqual([1]);
    expect(r.mapSimilarity![1]).toBeNaN();
    expect(r.pairs).toEqual([]);
  });

  it('refuses bad input, naming the function, the argument and the shape', () => {
    expect(() => filterRedundancy(zeros([3, 3, 3]))).toThrow(/filterRedundancy: weight must be rank 4 .* got shape \[3,3,3\]/);
    expect(() => filterRedundancy(zeros([0, 1, 3, 3]))).toThrow(/weight must not be empty, got shape \[0,1,3,3\]/);
    expect(() => filterRedundancy(tensor([[NaN, 1]]))).toThrow(/weight must be finite, got NaN/);
    expect(() => filterRedundancy(weight, zeros([2, 4, 3, 3]))).toThrow(
      'filterRedundancy: featureMaps must be rank 4 [N, 5, H, W] to match weight [5,1,2,2], got shape [2,4,3,3]',
    );
    expect(() => filterRedundancy(weight, zeros([0, 5, 3, 3]))).toThrow(/featureMaps must not be empty/);
    expect(() => filterRedundancy(weight, undefined, { threshold: 1.5 })).toThrow(/threshold must be in \(0, 1\], got 1.5/);
  });
});
