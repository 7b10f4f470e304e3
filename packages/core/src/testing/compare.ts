import { formatShape } from '../errors.js';

/**
 * How close a backend's result must be to the float64 reference, element by element:
 * `|actual[i] - expected[i]| <= rtol * |expected[i]| + floor * max|expected|`.
 */
export interface Tolerance {
  /** Relative part, against each expected element. */
  rtol: number;
  /**
   * Absolute floor as a fraction of the tensor's largest expected magnitude: an element that is a
   * sum cancelling to near zero carries the float32 rounding of its terms, which are as large as
   * the tensor's values, not as small as the element.
   */
  floor: number;
}

/**
 * The bounds of each backend family: 4x the worst errors measured over every golden and
 * optimizer case, rounded up to 1, 2 or 5 times a power of ten (so 4x to 10x them). Measured by
 * packages/core/bench/conformance-errors.ts and packages/gpu/bench/conformance-errors.ts; the
 * numbers are in src/testing/README.md. `webgpu` was measured on SwiftShader.
 */
export const BACKEND_TOLERANCES = {
  js: { rtol: 1e-5, floor: 1e-6 },
  wasm: { rtol: 1e-5, floor: 1e-6 },
  webgpu: { rtol: 5e-5, floor: 1e-6 },
} as const satisfies Record<BackendFamily, Tolerance>;

/** The backends whose bounds were measured: the CPU's two kernel sets and the GPU. */
export type BackendFamily = 'js' | 'wasm' | 'webgpu';

/** The default for a backend the suite does not know: the loosest of the measured families. */
export const FLOAT32_TOLERANCE: Tolerance = loosestOf(Object.values(BACKEND_TOLERANCES));

/**
 * The loosest of some bounds, field by field.
 *
 * @example
 * loosestOf([{ rtol: 1e-6, floor: 0 }, { rtol: 0, floor: 1e-7 }]); // { rtol: 1e-6, floor: 1e-7 }
 */
export function loosestOf(tolerances: readonly Tolerance[]): Tolerance {
  return { rtol: Math.max(...tolerances.map((t) => t.rtol)), floor: Math.max(...tolerances.map((t) => t.floor)) };
}

/**
 * A backend's family by its name: `cpu-…-js` and `cpu-…-wasm` force one kernel set, plain
 * `cpu` (or `cpu-gemm`, `cpu-2threads`…) mixes both, `webgpu` is the GPU backend; undefined for
 * any other.
 *
 * @example
 * backendFamily('cpu-direct-wasm-1thread'); // 'wasm'
 */
export function backendFamily(backendName: string): BackendFamily | 'cpu' | undefined {
  if (backendName === 'webgpu' || backendName.startsWith('webgpu-')) return 'webgpu';
  if (backendName !== 'cpu' && !backendName.startsWith('cpu-')) return undefined;
  const parts = backendName.split('-');
  if (parts.includes('js')) return 'js';
  if (parts.includes('wasm')) return 'wasm';
  return 'cpu';
}

/**
 * The golden bound of a backend by its name ({@link backendFamily}); a mixed CPU backend gets
 * the looser of its two kernel sets, an unknown backend {@link FLOAT32_TOLERANCE}.
 *
 * @example
 * toleranceFor('cpu-gemm-js'); // BACKEND_TOLERANCES.js
 */
export function toleranceFor(backendName: string): Tolerance {
  const family = backendFamily(backendName);
  if (family === undefined) return FLOAT32_TOLERANCE;
  if (family === 'cpu') return loosestOf([BACKEND_TOLERANCES.js, BACKEND_TOLERANCES.wasm]);
  return BACKEND_TOLERANCES[family];
}

/** The largest magnitude of `values`; NaN when one is NaN. */
export function maxAbs(values: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i]);
    if (!(magnitude <= scale)) scale = magnitude;
  }
  return scale;
}

/**
 * Returns undefined when `actual` matches `expected` within tolerance, else a message naming the
 * worst offending index, its error and its bound. Shapes must match exactly; NaN never matches.
 *
 * @example
 * mismatch('relu output', got, [2], [0, 1], [2], toleranceFor(backend.name)); // undefined when close
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
  if (actual.length !== expected.length) return `${what}: ${actual.length} values, expected ${expected.length}`;
  const floor = tolerance.floor * maxAbs(expected);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    const limit = tolerance.rtol * Math.abs(expected[i]) + floor;
    // `!(error <= limit)` also catches NaN; the worst is the element furthest past its own bound.
    if (!(error <= limit)) {
      const excess = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error / limit;
      if (worst < 0 || excess > worstExcess) {
        worst = i;
        worstExcess = excess;
      }
    }
  }
  if (worst < 0) return undefined;
  const error = Math.abs(actual[worst] - expected[worst]);
  const limit = tolerance.rtol * Math.abs(expected[worst]) + floor;
  return `${what}: index ${worst} is ${actual[worst]}, expected ${expected[worst]} (error ${error.toExponential(2)} > ${limit.toExponential(2)} = rtol ${tolerance.rtol} x |expected| + floor ${tolerance.floor} x max|expected|)`;
}
