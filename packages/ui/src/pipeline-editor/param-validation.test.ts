import { describe, expect, it } from 'vitest';
import { describeFieldIssue } from './param-validation.js';

describe('describeFieldIssue', () => {
  const issue = (detail: string) => ({ detail, message: `conv1: params.stride ${detail}` });
  it('words the schema bounds for people', () => {
    expect(describeFieldIssue('Stride', 'pair', issue('Too small: expected number to be >0, got 0'))).toBe('Stride must be at least 1.');
    expect(describeFieldIssue('Slope', 'number', issue('Too small: expected number to be >0, got -1'))).toBe('Slope must be greater than 0.');
    expect(describeFieldIssue('Groups', 'int', issue('Too small: expected number to be >=1, got 0'))).toBe('Groups must be at least 1.');
    expect(describeFieldIssue('Output channels', 'int', issue('Invalid input: expected int, received number'))).toBe('Output channels must be a whole number.');
    expect(describeFieldIssue('Kernel size', 'pair', issue('Invalid input: expected number, received string'))).toBe('Kernel size must be one number, or two as "h, w".');
  });

  it("keeps the core's own sentences", () => {
    expect(describeFieldIssue('Kernel size', 'pair', { detail: 'kernel 9x9 is larger than the padded input 8x8', message: 'node "conv1" (conv2d): params.kernelSize: …' })).toBe('Kernel 9x9 is larger than the padded input 8x8.');
  });
});
