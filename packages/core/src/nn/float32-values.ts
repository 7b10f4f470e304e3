import { z } from 'zod';

const FLOAT32_MESSAGE = 'must fit in float32 (magnitude at most 3.4028235e38)';
// Past this many bad values, the rest are not listed (the first ones say what is wrong).
const MAX_LISTED = 5;

/**
 * An array of numbers that each fit float32 (the values written into a layer), checked in one
 * plain loop. `z.array(float32Number)` ran zod's machinery per element: tens of seconds for
 * AlexNet's 61 million weights, on the studio's main thread, at every edit. Issues keep zod's
 * paths (`[index]`) and messages, so they read as before.
 *
 * @example
 * float32Values.safeParse([1, 1e39]).success; // false: [1]: must fit in float32
 */
export const float32Values = z.custom<number[]>((value) => Array.isArray(value), { message: 'Invalid input: expected array' }).superRefine((values, context) => {
  let listed = 0;
  for (let i = 0; i < values.length && listed < MAX_LISTED; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(Math.fround(v))) continue;
    listed++;
    const message = typeof v !== 'number' ? `Invalid input: expected number, received ${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v}` : FLOAT32_MESSAGE;
    context.addIssue({ code: 'custom', message, path: [i], input: v });
  }
});
