import type { CellArithmetic } from './gradient-protocol.js';

/** One term dL/dO_ij · X_rc of a weight's gradient. */
export interface Term {
  i: number;
  j: number;
  /** Where the window sits in the input; outside it (padding) X is 0. */
  row: number;
  col: number;
  inside: boolean;
  dOutput: number;
  x: number;
  product: number;
}

/** Every term of the sum, in output order, with the input position each one reads. */
export function termsOf(cell: CellArithmetic): Term[] {
  const [, ow] = cell.outputShape;
  return Array.from(cell.dOutput, (d, k) => {
    const i = Math.floor(k / ow);
    const j = k % ow;
    return {
      i, j,
      row: i * cell.stride[0] + cell.m * cell.dilation[0] - cell.padding[0],
      col: j * cell.stride[1] + cell.n * cell.dilation[1] - cell.padding[1],
      inside: cell.inside[k] === 1,
      dOutput: d,
      x: cell.x[k],
      product: d * cell.x[k],
    };
  });
}

/** The `count` terms of largest magnitude, largest first (ties keep output order). */
export function largestTerms(terms: readonly Term[], count: number): Term[] {
  return [...terms].sort((a, b) => Math.abs(b.product) - Math.abs(a.product)).slice(0, count);
}

/** The whole sum in float64, so the page's total is the sum of the terms it lists. */
export function sumOf(terms: readonly Term[]): number {
  return terms.reduce((s, t) => s + t.product, 0);
}
