import { describe, expect, it } from 'vitest';
import { formatCount, formatShapeText } from './format.js';

describe('format', () => {
  it('shortens counts and joins shapes', () => {
    expect(formatCount(950)).toBe('950');
    expect(formatCount(156)).toBe('156');
    expect(formatCount(117_600)).toBe('117.6k');
    expect(formatCount(61_100_840)).toBe('61.1M');
    expect(formatCount(2_000_000_000)).toBe('2G');
    expect(formatShapeText([1, 6, 28, 28])).toBe('1×6×28×28');
  });
});
