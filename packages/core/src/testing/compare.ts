import { formatShape } from '../errors.js';

/** How close a backend's result must be to the float64 reference. */
export interface Tolerance {
  /** Relative part, against the largest magnitude of the expected tensor. */
  rtol: number;
  /** Absolute floor. */
  atol: number;
}

/** float32 arithmetic against PyTorch's float64: errors grow with the tensor's magnitude, not per element. */
export const FLOAT32_TOLERANCE: Tolerance = { rtol: 1e-4, atol: 1e-5 };

/**
 * Returns undefined when `actual` matches `expected` within tolerance, else a message naming the
 * first offending index and the largest error. Shapes must match exactly.
 */
export function mismatch(
  what: string,
  actual: ArrayLike<number>,
  actualShape: readonly number[],
  expected: ArrayLike<number>,
  expectedShape: readonly number[],
  tolerance: Tolerance = FLOAT32_TOLERANCE,
): string | undefined {
  if (actualShape.length !== expectedShape.length || actualShape.some((d, i) => d !== expectedShape[i])) {
    return `${what}: shape ${formatShape(actualShape)} differs from the expected ${formatShape(expectedShape)}`;
  }
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  const limit = tolerance.atol + tolerance.rtol * Math.max(scale, 1);
  let worst = -1;
  let worstError = 0;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    // `!(error <= limit)` also catches NaN.
    if (!(error <= limit) && (worst < 0 || error > worstError || Number.isNaN(error))) {
      worst = i;
      worstError = error;
    }
  }
  if (worst < 0) return undefined;
  return `${what}: index ${worst} is ${actual[worst]}, expected ${expected[worst]} (error ${worstError.toExponential(2)} > ${limit.toExponential(2)})`;
}
