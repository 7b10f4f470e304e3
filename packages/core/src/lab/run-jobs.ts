import { canonicalJson, hashString } from '../nn/hash.js';
import type { RunJob } from './run-variant.js';
import type { SweepSpec } from './sweep-spec.js';
import type { Variant } from './variants.js';

/**
 * Every run of a sweep: each valid variant with each seed, in variant order then seed order, so
 * a sweep cut short has finished whole variants first when run one after another.
 *
 * @example
 * runJobsOf(generateVariants(base, spec), spec).map((j) => j.key); // ['v0/s0', 'v0/s1', 'v1/s0', …]
 */
export function runJobsOf(variants: readonly Variant[], spec: Pick<SweepSpec, 'seeds' | 'training'>): RunJob[] {
  return variants.flatMap((v) => (v.ok ? spec.seeds.map((seed) => ({ key: `${v.id}/s${seed}`, variantId: v.id, pipeline: v.pipeline, seed, training: spec.training })) : []));
}

/**
 * A short stable key for a sweep: its parsed spec and resolved base, canonical JSON hashed. The
 * same sweep gets the same key in any host, so a store finds its finished runs and resumes.
 *
 * @example
 * sweepKey(spec, base); // '3f2a9c01d4e5b6'
 */
export function sweepKey(spec: SweepSpec, base: unknown): string {
  return hashString(canonicalJson({ spec: { ...spec, base: undefined }, base }));
}
