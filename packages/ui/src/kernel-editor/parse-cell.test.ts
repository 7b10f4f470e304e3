import { describe, expect, it } from 'vitest';
import { formatCell, formatCellToFit, parseCell } from './parse-cell.js';

describe('parseCell', () => {
  it.each([
    ['0.5', 0.5],
    [' -3 ', -3],
    ['.25', 0.25],
    ['+2.', 2],
    ['1e-3', 0.001],
    ['1/16', 0.0625],
    ['-3 / 15', -0.2],
  ])('reads %j as %d', (text, value) => {
    expect(parseCell(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'Enter a number'],
    ['   ', 'Enter a number'],
    ['abc', "'abc' is not a number"],
    ['0x10', "'0x10' is not a number"],
    ['Infinity', "'Infinity' is not a number"],
    ['NaN', "'NaN' is not a number"],
    ['1/0', 'Division by zero'],
    ['1/2/3', "'1/2/3' is not a number"],
    ['1e400', "'1e400' is too large"],
    ['1e39', "'1e39' is beyond float32's range"],
    ['-', "'-' is not a number"],
  ])('refuses %j', (text, error) => {
    expect(parseCell(text)).toEqual({ ok: false, error });
  });
});

describe('formatCell', () => {
  it('hides float32 noise and keeps 4 significant digits', () => {
    expect(formatCell(Math.fround(0.2))).toBe('0.2');
    expect(formatCell(1 / 15)).toBe('0.06667');
    expect(formatCell(-3)).toBe('-3');
    expect(formatCell(NaN)).toBe('NaN');
  });
});

describe('formatCellToFit', () => {
  it('keeps the full four digits where they fit, and rounds (never cuts) where the cell is narrow', () => {
    expect(formatCellToFit(0.23018, 8)).toBe('0.2302');
    expect(formatCellToFit(0.23018, 5)).toBe('0.23');
    expect(formatCellToFit(0.076681, 5)).toBe('0.077');
    expect(formatCellToFit(-0.076681, 5)).toBe('-0.08');
    expect(formatCellToFit(123.45, 4)).toBe('123');
    expect(formatCellToFit(-3, 3)).toBe('-3');
  });

  it('falls back to the shortest exponent form for tiny and huge values, and leaves NaN alone', () => {
    expect(formatCellToFit(-0.0000123, 5)).toBe('-1e-5');
    expect(formatCellToFit(0.0000123, 4)).toBe('1e-5');
    expect(formatCellToFit(123456, 4)).toBe('1e5');
    expect(formatCellToFit(NaN, 3)).toBe('NaN');
    for (const v of [0.23018, -0.076681, 1 / 3, -0.0000123, 98765.4321]) expect(formatCellToFit(v, 5).length, String(v)).toBeLessThanOrEqual(5);
  });
});
