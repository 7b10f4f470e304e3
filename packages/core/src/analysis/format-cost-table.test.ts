import { describe, expect, it } from 'vitest';
import { alexNet } from '../nn/templates/index.js';
import { costTable } from './cost.js';
import { formatCostTable } from './format-cost-table.js';
import { formatCount } from './format-count.js';

describe('formatCount', () => {
  it('groups thousands whatever the locale', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(61_100_840)).toBe('61,100,840');
    expect(formatCount(-1234)).toBe('-1,234');
    expect(formatCount(1234.5)).toBe('1,234.50');
  });
});

describe('formatCostTable', () => {
  const result = costTable(alexNet());
  if (!result.ok) throw new Error('AlexNet must infer');
  const lines = formatCostTable(result.table).split('\n');

  it('aligns every row of the table to the header', () => {
    const tableLines = lines.slice(0, lines.indexOf(''));
    const width = tableLines[0].length;
    // Rows end with a right-aligned number, so every row is as wide as the header.
    for (const line of tableLines) expect(line.length).toBe(width);
  });

  it('shows separators, totals and the conv estimates', () => {
    expect(lines.find((l) => l.startsWith('conv1 '))).toMatch(/conv1\s+conv2d\s+64x55x55\s+23,232\s+64\s+23,296\s+70,276,800/);
    expect(lines.find((l) => l.startsWith('total'))).toMatch(/61,100,840\s+714,188,480/);
    expect(lines.join('\n')).toContain('conv1: 11*11 * (224*224)/(4*4) * 3 * 64 = 72,855,552 (exact 70,276,800)');
  });
});
