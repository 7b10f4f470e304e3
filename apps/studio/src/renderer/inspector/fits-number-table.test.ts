import { zeros } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { fitsNumberTable, MAX_NUMBER_TABLE_CELLS, MAX_NUMBER_TABLE_SIDE } from './MapNumbers.js';

describe('fitsNumberTable', () => {
  it("reads the document's small maps as numbers", () => {
    expect(fitsNumberTable(zeros([1, 1, 3, 3]))).toBe(true);
    expect(fitsNumberTable(zeros([1, 4, MAX_NUMBER_TABLE_SIDE, MAX_NUMBER_TABLE_SIDE]))).toBe(true);
    expect(fitsNumberTable(zeros([1, 10]))).toBe(true);
  });

  it('keeps wide maps, many small maps (AlexNet pool5) and long vectors as pictures', () => {
    expect(fitsNumberTable(zeros([1, 1, 3, MAX_NUMBER_TABLE_SIDE + 1]))).toBe(false);
    expect(fitsNumberTable(zeros([1, 256, 6, 6]))).toBe(false);
    expect(fitsNumberTable(zeros([1, MAX_NUMBER_TABLE_CELLS / 4 + 1, 2, 2]))).toBe(false);
    expect(fitsNumberTable(zeros([1, 4096]))).toBe(false);
  });
});
