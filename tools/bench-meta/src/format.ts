/** Number formats every benchmark table uses: rates, milliseconds and speed ratios. */

/** A rate or size with about `digits` significant digits; a dash when there is none. */
export function fmt(v: number | undefined, digits = 2): string {
  if (v === undefined) return '—';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 1) return v.toFixed(digits);
  return v.toPrecision(digits);
}

/** Milliseconds, with more decimals as they get small. */
export function fmtMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(4);
}

/** A speed ratio such as `1.32×`. */
export function fmtRatio(r: number): string {
  return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
}
