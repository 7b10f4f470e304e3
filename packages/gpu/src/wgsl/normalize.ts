import { elementwiseMain } from './common.js';

/** (x - lo) / (hi - lo) · (max - min) + min per group, the document's order; a constant group maps to min. */
export const normalizeApplyBody = elementwiseMain(`  let s = (i / u.group) * 6;
  let lo = stats[s];
  let hi = stats[s + 1];
  if (hi == lo) { out[i] = u.minValue; return; }
  out[i] = ((x[i] - lo) / (hi - lo)) * (u.maxValue - u.minValue) + u.minValue;`);

/** The direct term plus the extremes' share, split evenly among ties (core's cpu/normalize.ts). */
export const normalizeBackwardBody = elementwiseMain(`  let s = (i / u.group) * 6;
  let lo = stats[s];
  let hi = stats[s + 1];
  if (hi == lo) { dx[i] = 0.0; return; }
  let scale = (u.maxValue - u.minValue) / (hi - lo);
  let sumG = stats[s + 2];
  let sumGT = stats[s + 3];
  let v = x[i];
  var d = scale * dy[i];
  if (v == lo) { d = d + scale * (sumGT - sumG) / stats[s + 4]; }
  if (v == hi) { d = d - scale * sumGT / stats[s + 5]; }
  dx[i] = d;`);
