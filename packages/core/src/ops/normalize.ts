import type { NormalizeScope } from '../backend.js';
import { getBackend } from '../backend-registry.js';
import { fail } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { describe } from '../shape.js';
import { expectFinite, expectSameShape, expectTensor } from './check.js';

/**
 * The largest |min| and |max| of a normalize range, 1e30: about float32's maximum (3.4e38) over
 * 2^28 (the default tensor limit), so a layer summing up to that many normalized values stays
 * finite. Nearer float32's maximum the next conv, linear or gradient overflows to Infinity
 * and training turns every weight into NaN.
 */
export const NORMALIZE_RANGE_LIMIT = 1e30;

/**
 * Checks a normalize range: finite numbers within +-{@link NORMALIZE_RANGE_LIMIT}; `op` and the
 * field names go into the error.
 */
export function checkNormalizeRange(op: string, min: number, max: number): void {
  for (const [name, value] of [['min', min], ['max', max]] as const) {
    expectFinite(op, name, value);
    if (Math.abs(value) > NORMALIZE_RANGE_LIMIT) {
      fail(op, name, `must lie within +-1e30 so that the layers after it stay finite in float32, got ${value}`);
    }
  }
}

/** Options of {@link normalize}. */
export interface NormalizeOptions {
  /** Lower end of the target range; default 0 (the worked example). */
  min?: number;
  /** Upper end of the target range; default 255. */
  max?: number;
  /** Which values share one minimum and maximum: the whole tensor (default), each sample, or each feature map. */
  scope?: NormalizeScope;
}

function resolve(op: string, x: Tensor, options: NormalizeOptions): { min: number; max: number; scope: NormalizeScope } {
  expectTensor(op, 'input', x);
  const { min = 0, max = 255, scope = 'tensor' } = options;
  checkNormalizeRange(op, min, max);
  if (scope !== 'tensor' && scope !== 'sample' && scope !== 'map') {
    fail(op, 'scope', `must be 'tensor', 'sample' or 'map', got ${describe(scope)}`);
  }
  if (scope !== 'tensor' && x.rank === 0) fail(op, 'scope', `'${scope}' needs a tensor of rank >= 1`);
  return { min, max, scope };
}

/**
 * Min-max scaling to [min, max], the worked example's `normalize`: (x - lo) / (hi - lo) · (max - min) + min.
 * A constant input maps to `min` (the document's guard against dividing by zero).
 *
 * @example
 * normalize(tensor([2, 4, 6])).toArray(); // [0, 127.5, 255]
 * normalize(conv, { min: 0, max: 1, scope: 'map' }); // every feature map to [0, 1]
 */
export function normalize(x: Tensor, options: NormalizeOptions = {}): Tensor {
  const { min, max, scope } = resolve('normalize', x, options);
  return getBackend().normalize(x, min, max, scope);
}

/** dL/dX of {@link normalize}, including how each group's minimum and maximum move. */
export function normalizeBackward(dy: Tensor, x: Tensor, options: NormalizeOptions = {}): Tensor {
  const { min, max, scope } = resolve('normalizeBackward', x, options);
  expectTensor('normalizeBackward', 'dy', dy);
  expectSameShape('normalizeBackward', 'dy', dy, x.shape, 'the input');
  return getBackend().normalizeBackward(dy, x, min, max, scope);
}
