import { Tensor } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { mapCsv, mapJson } from './MapNumbers.js';

describe('copying a map', () => {
  const maps = new Tensor(Float32Array.from([1, 2, 3, 4, 5, 6, 0.1, -2.5, 1e-8, 7, 8, 9]), [1, 2, 2, 3]);

  it('as CSV and as JSON, one row per map row, full float32 precision', () => {
    expect(mapCsv(maps, 1)).toBe(`${Math.fround(0.1)},-2.5,${Math.fround(1e-8)}\n7,8,9`);
    expect(JSON.parse(mapJson(maps, 1))).toEqual([[Math.fround(0.1), -2.5, Math.fround(1e-8)], [7, 8, 9]]);
    expect(JSON.parse(mapJson(maps, 0))).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('a flat output is one row; values JSON cannot hold become null', () => {
    const flat = new Tensor(Float32Array.from([1, Number.NaN, Infinity]), [1, 3]);
    expect(mapJson(flat, 0)).toBe('[[1,null,null]]');
    expect(mapCsv(flat, 0)).toBe('1,NaN,Infinity');
  });
});
