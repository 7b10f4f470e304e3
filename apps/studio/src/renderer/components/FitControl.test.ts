import { describe, expect, it } from 'vitest';
import { aspectMismatch } from './FitControl.js';

describe('aspectMismatch', () => {
  it('names both sizes when the image has another shape than the input', () => {
    expect(aspectMismatch({ width: 451, height: 300 }, 224, 224)).toEqual({ from: '451×300', to: '224×224' });
    expect(aspectMismatch({ width: 28, height: 56 }, 28, 28)).toEqual({ from: '28×56', to: '28×28' });
  });
  it('stays quiet for the same shape at another size, within 2%', () => {
    expect(aspectMismatch({ width: 1024, height: 1024 }, 28, 28)).toBeUndefined();
    expect(aspectMismatch({ width: 301, height: 300 }, 224, 224)).toBeUndefined();
  });
});
