/**
 * A duration for people: tenths of a second under 10 s, whole seconds under 90 s, then minutes
 * and seconds.
 *
 * @example
 * duration(860);     // '0.9 s'
 * duration(185_000); // '3 min 5 s'
 */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return s < 90 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
