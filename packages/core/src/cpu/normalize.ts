import type { NormalizeScope } from '../backend.js';
import { Tensor } from '../tensor.js';

/** Number of consecutive values that share one min and max for a scope. */
export function normalizeGroupSize(shape: readonly number[], scope: NormalizeScope): number {
  const size = shape.reduce((a, b) => a * b, 1);
  if (scope === 'tensor' || shape.length === 0) return size;
  if (scope === 'sample') return size / shape[0];
  return shape.length < 2 ? size / shape[0] : size / (shape[0] * shape[1]);
}

interface GroupRange {
  lo: number;
  hi: number;
}

function groupRange(src: Float32Array, start: number, end: number): GroupRange {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start; i < end; i++) {
    const v = src[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi };
}

/**
 * Min-max scaling of each group to [min, max], in float64 and in the document's order of
 * operations ((x - lo) / (hi - lo) * (max - min) + min); a constant group maps to `min`.
 */
export function normalize(x: Tensor, min: number, max: number, scope: NormalizeScope): Tensor {
  const group = normalizeGroupSize(x.shape, scope);
  const src = x.data;
  const out = new Float32Array(src.length);
  for (let start = 0; start < src.length; start += group) {
    const end = start + group;
    const { lo, hi } = groupRange(src, start, end);
    if (hi === lo) {
      out.fill(min, start, end);
      continue;
    }
    const range = hi - lo;
    for (let i = start; i < end; i++) out[i] = ((src[i] - lo) / range) * (max - min) + min;
  }
  return new Tensor(out, x.shape);
}

/**
 * dL/dX of min-max scaling. Besides the direct term (max - min) / (hi - lo) · dy, the group's
 * minimum and maximum move with their inputs; like PyTorch's amin/amax, that share is split
 * evenly among tied extremes. A constant group has zero gradient.
 */
export function normalizeBackward(dy: Tensor, x: Tensor, min: number, max: number, scope: NormalizeScope): Tensor {
  const group = normalizeGroupSize(x.shape, scope);
  const src = x.data;
  const g = dy.data;
  const out = new Float32Array(src.length);
  for (let start = 0; start < src.length; start += group) {
    const end = start + group;
    const { lo, hi } = groupRange(src, start, end);
    if (hi === lo) continue;
    const range = hi - lo;
    const scale = (max - min) / range;
    let sumG = 0;
    let sumGT = 0;
    let loCount = 0;
    let hiCount = 0;
    for (let i = start; i < end; i++) {
      sumG += g[i];
      sumGT += (g[i] * (src[i] - lo)) / range;
      if (src[i] === lo) loCount++;
      if (src[i] === hi) hiCount++;
    }
    const dLo = scale * (sumGT - sumG);
    const dHi = -scale * sumGT;
    for (let i = start; i < end; i++) {
      let d = scale * g[i];
      if (src[i] === lo) d += dLo / loCount;
      if (src[i] === hi) d += dHi / hiCount;
      out[i] = d;
    }
  }
  return new Tensor(out, x.shape);
}
