import { fail, formatShape } from './errors.js';

/**
 * The largest tensor any op may allocate, in elements. 2^28 float32 values are 1 GiB:
 * beyond that a desktop app risks running out of memory, so we refuse before allocating.
 */
let maxElements = 2 ** 28;

/**
 * No limit may exceed 2^32 elements: JavaScript engines cap a typed array's length near there and
 * would throw a bare RangeError instead of our message.
 */
export const MAX_TENSOR_ELEMENTS_CEILING = 2 ** 32;

/**
 * Changes the allocation limit (elements, not bytes), at most 2^32. Returns the previous limit.
 *
 * @example
 * const previous = setMaxTensorElements(2 ** 20); try { ... } finally { setMaxTensorElements(previous); }
 */
export function setMaxTensorElements(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit <= 0 || limit > MAX_TENSOR_ELEMENTS_CEILING) {
    fail('setMaxTensorElements', 'limit', `must be a positive integer of at most 2^32 (${MAX_TENSOR_ELEMENTS_CEILING}), got ${limit}`);
  }
  const previous = maxElements;
  maxElements = limit;
  return previous;
}

/** The current allocation limit in elements. */
export function getMaxTensorElements(): number {
  return maxElements;
}

/**
 * Checks that `shape` is a list of non-negative integers and that its element count fits the
 * limit; returns the element count. `what` names the argument in the error.
 */
export function checkedSize(op: string, what: string, shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      fail(op, what, `must have non-negative integer dimensions, got shape ${formatShape(shape)}`);
    }
    size *= dim;
  }
  if (size > maxElements) {
    const gib = ((size * 4) / 2 ** 30).toFixed(2);
    fail(
      op,
      what,
      `would hold ${size} elements (${gib} GiB as float32) with shape ${formatShape(shape)}, ` +
        `above the limit of ${maxElements} elements; use a smaller input or raise it with setMaxTensorElements`,
    );
  }
  return size;
}
