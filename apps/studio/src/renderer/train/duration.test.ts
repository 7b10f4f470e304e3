import { expect, it } from 'vitest';
import { duration } from './duration.js';

it('writes tenths under 10 s, seconds under 90 s, then minutes and seconds', () => {
  expect([0, 860, 9_949, 10_000, 89_400, 90_000, 185_000].map(duration)).toEqual(['0.0 s', '0.9 s', '9.9 s', '10 s', '89 s', '1 min 30 s', '3 min 5 s']);
  expect(duration(Number.NaN)).toBe('—');
  expect(duration(-1)).toBe('—');
});
