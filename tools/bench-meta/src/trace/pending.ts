import type { Pending } from './check.ts';

/**
 * Sections whose numbers are being retraced by someone else today: the check prints their
 * problems but does not fail on them. An entry that no longer fails is reported as stale, and
 * fails the check, so this list only shrinks.
 */
export const PENDING: readonly Pending[] = [
  { file: 'packages/gpu/BENCHMARKS.md', section: undefined, why: 'issue 18: the GPU tables are being retraced to packages/gpu/bench/results' },
  { file: 'packages/core/BENCHMARKS.md', section: 'Parallel sweeps (issue 16, the saturation lab)', why: 'moving to apps/cli/BENCHMARKS.md' },
  { file: 'packages/core/BENCHMARKS.md', section: 'Quiet rerun (2026-12-06 00:08–00:14 UTC, commit 4994117, nothing else running)', why: 'moving to apps/cli/BENCHMARKS.md' },
];
