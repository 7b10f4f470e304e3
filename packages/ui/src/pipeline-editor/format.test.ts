import { describe, expect, it } from 'vitest';
import { formatShapeText } from './format.js';

describe('format', () => {
  it('joins shapes', () => {
    expect(formatShapeText([1, 6, 28, 28])).toBe('1×6×28×28');
  });
});
