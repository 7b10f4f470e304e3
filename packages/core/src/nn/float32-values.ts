import { z } from 'zod';
import { firstNonFinite } from '../project/finite.js';
import type { NodeValues } from './pipeline-types.js';

const FLOAT32_MESSAGE = 'must fit in float32 (magnitude at most 3.4028235e38)';
// Past this many bad values, the rest are not listed (the first ones say what is wrong).
const MAX_LISTED = 5;

/**
 * Whether a value is values a layer may hold: a number array or a Float32Array (the studio keeps
 * large layers as Float32Arrays; `Array.isArray` is false for those, so every check goes here).
 *
 * @example
 * isNodeValues(new Float32Array(3)); // true
 */
export function isNodeValues(value: unknown): value is NodeValues {
  return Array.isArray(value) || value instanceof Float32Array;
}

/**
 * A Float32Array of a layer's values that the caller may change or hand on: always a new array
 * (`slice` for a Float32Array, a memory copy; a converting loop for numbers), never the one the
 * pipeline holds, which other holders (an editor's undo history) share.
 *
 * @example
 * const data = float32Copy(node.biasValues); // changing data leaves the node alone
 */
export function float32Copy(values: NodeValues): Float32Array {
  return values instanceof Float32Array ? values.slice() : Float32Array.from(values);
}

/**
 * The values as plain numbers, for JSON: a Float32Array would be written as an object of
 * indices. A number array is returned as it is.
 *
 * @example
 * JSON.stringify(plainValues(Float32Array.of(0.5))); // '[0.5]'
 */
export function plainValues(values: NodeValues): number[] {
  if (!(values instanceof Float32Array)) return values;
  // A plain push loop: about twice as fast as Array.from on a typed array in V8.
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) out.push(values[i]);
  return out;
}

function float32Issues(values: Float32Array, context: z.RefinementCtx): void {
  // Every Float32Array value fits float32; only NaN and ±Infinity are refused, found by bits.
  const first = firstNonFinite(values);
  if (first < 0) return;
  let listed = 0;
  for (let i = first; i < values.length && listed < MAX_LISTED; i++) {
    if (Number.isFinite(values[i])) continue;
    listed++;
    context.addIssue({ code: 'custom', message: FLOAT32_MESSAGE, path: [i], input: values[i] });
  }
}

/**
 * An array of numbers that each fit float32 (the values written into a layer), checked in one
 * plain loop, or a Float32Array of finite values (checked by bits, four a step).
 * `z.array(float32Number)` ran zod's machinery per element: tens of seconds for
 * AlexNet's 61 million weights, on the studio's main thread, at every edit. Issues keep zod's
 * paths (`[index]`) and messages, so they read as before.
 *
 * @example
 * float32Values.safeParse([1, 1e39]).success; // false: [1]: must fit in float32
 * float32Values.safeParse(Float32Array.of(1, NaN)).success; // false: [1]
 */
export const float32Values = z.custom<NodeValues>(isNodeValues, { message: 'Invalid input: expected array' }).superRefine((values, context) => {
  if (values instanceof Float32Array) return float32Issues(values, context);
  let listed = 0;
  for (let i = 0; i < values.length && listed < MAX_LISTED; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(Math.fround(v))) continue;
    listed++;
    const message = typeof v !== 'number' ? `Invalid input: expected number, received ${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v}` : FLOAT32_MESSAGE;
    context.addIssue({ code: 'custom', message, path: [i], input: v });
  }
});
