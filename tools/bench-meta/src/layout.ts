/**
 * Layouts and agreement: ours is NCHW with OIHW weights, tfjs is NHWC with HWIO filters.
 */

/** Reorders a rank-4 array: output axis i is input axis perm[i]. */
export function permute4(data: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  const inStrides = [shape[1] * shape[2] * shape[3], shape[2] * shape[3], shape[3], 1];
  const outShape = perm.map((p) => shape[p]);
  const s = perm.map((p) => inStrides[p]);
  const out = new Float32Array(data.length);
  let o = 0;
  for (let a = 0; a < outShape[0]; a++) {
    for (let b = 0; b < outShape[1]; b++) {
      for (let c = 0; c < outShape[2]; c++) {
        const base = a * s[0] + b * s[1] + c * s[2];
        for (let d = 0; d < outShape[3]; d++) out[o++] = data[base + d * s[3]];
      }
    }
  }
  return out;
}
export const NCHW_TO_NHWC = [0, 2, 3, 1];
export const NHWC_TO_NCHW = [0, 3, 1, 2];
export const OIHW_TO_HWIO = [2, 3, 1, 0];
export const HWIO_TO_OIHW = [3, 2, 0, 1];

export function shapeOf(shape: readonly number[], perm: readonly number[]): [number, number, number, number] {
  return [shape[perm[0]], shape[perm[1]], shape[perm[2]], shape[perm[3]]];
}

/** max |a - b| / max |a|, a being ours. */
export function relativeDiff(ours: Float32Array, theirs: Float32Array): number {
  if (ours.length !== theirs.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ours.length; i++) {
    const d = Math.abs(ours[i] - theirs[i]);
    if (!(d <= diff)) diff = d; // NaN propagates
    scale = Math.max(scale, Math.abs(ours[i]));
  }
  return scale === 0 ? diff : diff / scale;
}
