import { Tensor } from '../tensor.js';

/** The document's 5x5 diagonal edge detector before normalisation (its entries sum to 13). */
const DIAGONAL = [
  [3, 1, 0, -1, -3],
  [1, 3, 1, 0, -1],
  [0, 1, 3, 1, 0],
  [-1, 0, 1, 3, 1],
  [-3, -1, 0, 1, 3],
];

/** Divides by the sum of entries, as the document's `1/np.sum(kernel) * kernel`. */
function normalisedBySum(rows: number[][]): Tensor {
  const flat = rows.flat();
  const sum = flat.reduce((a, b) => a + b, 0);
  return new Tensor(Float32Array.from(flat, (v) => v / sum), [1, 1, rows.length, rows[0].length]);
}

/**
 * The document's diagonal edge kernel, normalised by its sum: `[1, 1, 5, 5]`.
 *
 * @example
 * conv2d(syntheticSix(), diagonalEdgeKernel()); // [1, 1, 24, 24]
 */
export function diagonalEdgeKernel(): Tensor {
  return normalisedBySum(DIAGONAL);
}

/**
 * The same kernel rotated 90 degrees counter-clockwise (numpy's `rot90`), normalised by its sum.
 *
 * @example
 * rotatedDiagonalEdgeKernel().get(0, 0, 0, 0); // -3 / 13
 */
export function rotatedDiagonalEdgeKernel(): Tensor {
  const n = DIAGONAL.length;
  // rot90: row i of the result is column (n - 1 - i) of the original.
  const rotated = DIAGONAL.map((_, i) => DIAGONAL.map((row) => row[n - 1 - i]));
  return normalisedBySum(rotated);
}
