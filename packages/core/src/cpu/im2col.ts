import type { Conv2dInfo } from '../shape.js';

/**
 * Unfolds one group of one image into columns: col[k, p] for k = (c, ky, kx) over the group's
 * input channels and p over output positions in rows [rowStart, rowEnd). Padding reads as zero.
 * Working on a band of output rows bounds the scratch memory for large images.
 */
export function im2col(
  x: Float32Array,
  xOffset: number,
  channels: number,
  info: Conv2dInfo,
  rowStart: number,
  rowEnd: number,
  col: Float32Array,
): void {
  const { inHeight: H, inWidth: W, outWidth: OW, kernelHeight: KH, kernelWidth: KW } = info;
  const { strideHeight: SH, strideWidth: SW, dilationHeight: DH, dilationWidth: DW } = info;
  const { top, left } = info.pad;
  const positions = (rowEnd - rowStart) * OW;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const plane = xOffset + c * H * W;
    for (let ky = 0; ky < KH; ky++) {
      for (let kx = 0; kx < KW; kx++, row++) {
        let o = row * positions;
        const dx = kx * DW - left;
        for (let oy = rowStart; oy < rowEnd; oy++) {
          const iy = oy * SH + ky * DH - top;
          if (iy < 0 || iy >= H) {
            col.fill(0, o, o + OW);
            o += OW;
            continue;
          }
          const line = plane + iy * W;
          if (SW === 1 && dx >= 0 && OW - 1 + dx < W) {
            col.set(x.subarray(line + dx, line + dx + OW), o);
            o += OW;
            continue;
          }
          for (let ox = 0; ox < OW; ox++, o++) {
            const ix = ox * SW + dx;
            col[o] = ix >= 0 && ix < W ? x[line + ix] : 0;
          }
        }
      }
    }
  }
}

/** The adjoint of {@link im2col}: adds each column entry back to the input position it came from. */
export function col2im(
  col: Float32Array,
  channels: number,
  info: Conv2dInfo,
  rowStart: number,
  rowEnd: number,
  dx: Float32Array,
  dxOffset: number,
): void {
  const { inHeight: H, inWidth: W, outWidth: OW, kernelHeight: KH, kernelWidth: KW } = info;
  const { strideHeight: SH, strideWidth: SW, dilationHeight: DH, dilationWidth: DW } = info;
  const { top, left } = info.pad;
  const positions = (rowEnd - rowStart) * OW;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const plane = dxOffset + c * H * W;
    for (let ky = 0; ky < KH; ky++) {
      for (let kx = 0; kx < KW; kx++, row++) {
        let o = row * positions;
        const shift = kx * DW - left;
        for (let oy = rowStart; oy < rowEnd; oy++) {
          const iy = oy * SH + ky * DH - top;
          if (iy < 0 || iy >= H) {
            o += OW;
            continue;
          }
          const line = plane + iy * W;
          for (let ox = 0; ox < OW; ox++, o++) {
            const ix = ox * SW + shift;
            if (ix >= 0 && ix < W) dx[line + ix] += col[o];
          }
        }
      }
    }
  }
}

/** How many output rows to unfold at once so that the column buffer stays near `budget` floats. */
export function rowsPerBand(info: Conv2dInfo, channelsPerGroup: number, budget = 1 << 22): number {
  const perRow = channelsPerGroup * info.kernelHeight * info.kernelWidth * info.outWidth;
  return Math.max(1, Math.min(info.outHeight, Math.floor(budget / Math.max(perRow, 1))));
}

