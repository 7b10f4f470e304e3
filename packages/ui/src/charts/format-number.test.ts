import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatSi, formatThousands } from './format-number.js';

describe('number formats', () => {
  it('groups thousands independent of locale', () => {
    expect(formatThousands(61100840)).toBe('61,100,840');
    expect(formatThousands(-1234)).toBe('-1,234');
    expect(formatThousands(999)).toBe('999');
    expect(formatThousands(1234.5)).toBe('1,234.50');
    expect(formatThousands(0)).toBe('0');
  });

  it('writes SI prefixes with 3 significant digits', () => {
    expect(formatSi(70_276_800)).toBe('70.3 M');
    expect(formatSi(61_100_840)).toBe('61.1 M');
    expect(formatSi(1_000)).toBe('1 k');
    expect(formatSi(999_950)).toBe('1 M');
    expect(formatSi(2.5e9)).toBe('2.5 G');
    expect(formatSi(42)).toBe('42');
    expect(formatSi(0.12345)).toBe('0.123');
    expect(formatSi(-1500)).toBe('-1.5 k');
  });

  it('writes bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2304)).toBe('2.25 KiB');
    expect(formatBytes(1_204_224)).toBe('1.15 MiB');
    expect(formatBytes(1024 * 1024 - 1)).toBe('1 MiB');
    expect(formatBytes(1000)).toBe('0.977 KiB');
  });

  it('switches on the format', () => {
    expect(formatCount(1_500_000, 'si')).toBe('1.5 M');
    expect(formatCount(1_500_000, 'exact')).toBe('1,500,000');
  });
});
