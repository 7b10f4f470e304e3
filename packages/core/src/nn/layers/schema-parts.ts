import { z } from 'zod';

// zod pieces that several kinds' parameter schemas share.

export const positiveInt = z.number().int().positive();
export const nonNegativeInt = z.number().int().nonnegative();
export const positivePair = z.union([positiveInt, z.tuple([positiveInt, positiveInt])]);
export const nonNegativePair = z.union([nonNegativeInt, z.tuple([nonNegativeInt, nonNegativeInt])]);
export const convPadding = z.union([
  nonNegativeInt,
  z.tuple([nonNegativeInt, nonNegativeInt]),
  z.tuple([nonNegativeInt, nonNegativeInt, nonNegativeInt, nonNegativeInt]),
  z.literal('valid'),
  z.literal('same'),
]);
/** A number that stays finite as float32 (tensors hold float32: 1e39 would become Infinity). */
export const float32Number = z.number().refine((v) => Number.isFinite(Math.fround(v)), { message: 'must fit in float32 (magnitude at most 3.4028235e38)' });
/** The schema of a kind without parameters. */
export const noParams = z.strictObject({});
export type NoParams = z.infer<typeof noParams>;
