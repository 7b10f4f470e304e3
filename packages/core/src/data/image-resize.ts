/**
 * Source taps of every output index along one axis: output `i` is the weighted sum of
 * source samples `index[offsets[i]..offsets[i+1])` with `weight` at the same positions.
 */
interface AxisTaps {
  offsets: Int32Array;
  index: Int32Array;
  weight: Float64Array;
}

/**
 * Taps for resampling `inLength` samples to `outLength`. Shrinking averages the exact area
 * each output pixel covers (like OpenCV's INTER_AREA and PIL's BOX), so thin strokes fade
 * instead of vanishing as they would with sparse bilinear sampling. Enlarging is bilinear
 * with pixel centres at half-integers (PyTorch's `align_corners=False`) and clamped edges,
 * so corner pixels keep their values.
 */
function axisTaps(inLength: number, outLength: number): AxisTaps {
  const offsets = new Int32Array(outLength + 1);
  const index: number[] = [];
  const weight: number[] = [];
  const scale = inLength / outLength;
  for (let i = 0; i < outLength; i++) {
    if (inLength === outLength) {
      index.push(i);
      weight.push(1);
    } else if (scale > 1) {
      const lo = i * scale;
      const hi = Math.min((i + 1) * scale, inLength);
      for (let j = Math.floor(lo); j < hi; j++) {
        const covered = Math.min(j + 1, hi) - Math.max(j, lo);
        if (covered > 0) {
          index.push(j);
          weight.push(covered / scale);
        }
      }
    } else {
      const source = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inLength - 1);
      const j0 = Math.floor(source);
      const t = source - j0;
      index.push(j0, Math.min(j0 + 1, inLength - 1));
      weight.push(1 - t, t);
    }
    offsets[i + 1] = index.length;
  }
  return { offsets, index: Int32Array.from(index), weight: Float64Array.from(weight) };
}

/**
 * Resizes `channels` planes of `inHeight x inWidth` (planar, row-major) to
 * `outHeight x outWidth`: rows first, then columns. Both filters are separable, so two 1-D
 * passes give exactly the 2-D result, and each axis may shrink or grow on its own.
 *
 * @example
 * // a 4x4 checkerboard of 0 and 1 averaged to 2x2 gives 0.5 everywhere
 * resizePlanes(checkerboard, 1, 4, 4, 2, 2); // Float32Array [0.5, 0.5, 0.5, 0.5]
 */
export function resizePlanes(
  source: Float32Array,
  channels: number,
  inHeight: number,
  inWidth: number,
  outHeight: number,
  outWidth: number,
): Float32Array {
  const across = axisTaps(inWidth, outWidth);
  const down = axisTaps(inHeight, outHeight);
  const rows = new Float32Array(channels * inHeight * outWidth);
  for (let line = 0; line < channels * inHeight; line++) {
    const from = line * inWidth;
    for (let x = 0; x < outWidth; x++) {
      let sum = 0;
      for (let k = across.offsets[x]; k < across.offsets[x + 1]; k++) sum += across.weight[k] * source[from + across.index[k]];
      rows[line * outWidth + x] = sum;
    }
  }
  const out = new Float32Array(channels * outHeight * outWidth);
  for (let c = 0; c < channels; c++) {
    const plane = c * inHeight * outWidth;
    for (let y = 0; y < outHeight; y++) {
      const to = (c * outHeight + y) * outWidth;
      for (let k = down.offsets[y]; k < down.offsets[y + 1]; k++) {
        const w = down.weight[k];
        const from = plane + down.index[k] * outWidth;
        for (let x = 0; x < outWidth; x++) out[to + x] += w * rows[from + x];
      }
    }
  }
  return out;
}
