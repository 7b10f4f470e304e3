import { describe, expect, it } from 'vitest';
import { isCi } from './gpu-setup.fixture.js';

describe('isCi', () => {
  it('takes any non-empty CI other than 0 or false as CI, so CI=1 fails without an adapter like CI=true', () => {
    for (const value of ['true', '1', 'yes', 'TRUE', 'github-actions']) expect(isCi({ CI: value }), value).toBe(true);
    for (const value of ['', ' ', '0', 'false', 'False']) expect(isCi({ CI: value }), value).toBe(false);
    // Unset: not CI (an explicit env, so the test means the same inside CI as outside it).
    expect(isCi({})).toBe(false);
  });
});
