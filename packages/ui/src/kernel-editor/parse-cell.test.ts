import { describe, expect, it } from 'vitest';
import { formatCell, parseCell } from './parse-cell.js';

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
