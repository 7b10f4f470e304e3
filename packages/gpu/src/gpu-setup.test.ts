import { describe, expect, it } from 'vitest';
import { isCi } from './gpu-setup.fixture.js';

describe('isCi', () => {
  it('takes any non-empty CI other than 0 or false as CI, so CI=1 fails without an adapter like CI=true', () => {
    for (const value of ['true', '1', 'yes', 'TRUE', 'github-actions']) expect(isCi(value), value).toBe(true);
    for (const value of [undefined, '', ' ', '0', 'false', 'False']) expect(isCi(value), String(value)).toBe(false);
  });
});
