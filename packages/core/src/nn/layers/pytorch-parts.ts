import type { Pair } from '../../shape.js';
import { pairOf } from './shape-helpers.js';

// Python source pieces the kinds' PyTorch mappings share.

/** A number as Python reads it (integers stay integers). */
export const py = (value: number): string => (Number.isInteger(value) ? String(value) : String(value));

/** A float literal (0.5, 1e-05, 2.0). */
export const pyFloat = (value: number): string => (Number.isInteger(value) ? `${value}.0` : String(value));

export const pyBool = (value: boolean): string => (value ? 'True' : 'False');

/** A pair as a Python tuple `(3, 3)`. */
export const pyPair = (value: Pair | undefined, fallback: number): string => {
  const [h, w] = pairOf(value ?? fallback);
  return `(${h}, ${w})`;
};

/** Keyword arguments, leaving out those that are undefined. */
export const kwargs = (entries: Record<string, string | undefined>): string =>
  Object.entries(entries)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
