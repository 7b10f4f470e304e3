import { describe, expect, it } from 'vitest';
import { MATRIX_LIMITS, matrixText, parseMatrix } from './parse-matrix.js';

const ok = (text: string) => {
  const result = parseMatrix(text);
  if (!result.ok) throw new Error(result.error);
  return result.matrix;
};
const error = (text: string) => {
  const result = parseMatrix(text);
  return result.ok ? 'parsed' : result.error;
};

describe('parseMatrix', () => {
  it('reads rows of values separated by spaces, tabs, commas or semicolons', () => {
    expect(ok('1 2 3\n4 5 6\n7 8 9')).toEqual({ shape: [1, 3, 3], values: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
    expect(ok('  1,2\t-3.5\r\n4; 5e-1 ,.25\n')).toEqual({ shape: [1, 2, 3], values: [1, 2, -3.5, 4, 0.5, 0.25] });
    expect(ok('7')).toEqual({ shape: [1, 1, 1], values: [7] });
  });

  it('reads channels separated by blank lines, and JSON as Copy JSON writes it', () => {
    expect(ok('1 2\n3 4\n\n5 6\n7 8\n \n9 10\n11 12')).toEqual({ shape: [3, 2, 2], values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
    expect(ok('[[1, 2], [3, 4]]')).toEqual({ shape: [1, 2, 2], values: [1, 2, 3, 4] });
    expect(ok('[[[1], [2]], [[3], [4]]]')).toEqual({ shape: [2, 2, 1], values: [1, 2, 3, 4] });
  });

  it('round-trips through matrixText', () => {
    const matrix = { shape: [2, 2, 3] as [number, number, number], values: [1, -2, 3.25, 4, 5, 6, 0, 0, 1e-7, 8, 9, 10] };
    expect(ok(matrixText(matrix))).toEqual(matrix);
  });

  it('says which row differs, which value is not a number, and what is too big', () => {
    expect(error('1 2\n3')).toBe('Row 2 has 1 value but row 1 has 2: every row needs the same number of values.');
    expect(error('1 2\n3 x')).toBe('Row 2, value 2 is not a number: "x".');
    expect(error('1 0x10')).toBe('Row 1, value 2 is not a number: "0x10".');
    expect(error('1 Infinity')).toMatch(/value 2 is not a number/);
    expect(error('1 2\n3 4\n\n5 6')).toBe('Channel 2 is 1x2 but channel 1 is 2x2: every channel needs the same size.');
    expect(error('1 2\n\n3 4 5')).toBe('Channel 2 is 1x3 but channel 1 is 1x2: every channel needs the same size.');
    expect(error(Array.from({ length: 257 }, () => '1').join('\n'))).toBe('Too big: 257 rows; at most 256 rows of 256 values.');
    expect(error(new Array(300).fill(0).join(' '))).toBe('Too big: row 1 has 300 values; at most 256 a row.');
    expect(error(Array.from({ length: MATRIX_LIMITS.channels + 1 }, () => '1').join('\n\n'))).toBe('Too many channels: 17; at most 16.');
    expect(error('   ')).toMatch(/^Type or paste a matrix/);
    expect(error('[[1, 2], [3, "a"]]')).toBe('Row 2, value 2 is not a number: "a".');
    expect(error('[[1, 2], 3]')).toBe('Row 2 is not a list of numbers.');
    expect(error('[[1, 2]')).toMatch(/^This looks like JSON but is not valid JSON/);
    expect(error('1'.repeat(30_000_000))).toMatch(/^Too big: 30 million characters/);
  });
});
