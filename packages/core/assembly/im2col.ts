// im2col and its adjoint col2im for one group of one image and a band of output rows, as
// src/cpu/im2col.ts (the reference) does them: col[k, p] for k = (c, ky, kx) over the group's
// channels and p over output positions in rows [rowStart, rowEnd); padding reads as zero.
// Pointers are byte offsets; sizes are in elements.

import { copyFloats, zeroFloats } from './floats';

/** Unfolds the input planes at `x` into the column matrix at `col`. */
export function im2col(
  x: usize, H: i32, W: i32, channels: i32,
  OW: i32, KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32, top: i32, left: i32,
  rowStart: i32, rowEnd: i32, col: usize,
): void {
  let o = col;
  const rowBytes = <usize>OW << 2;
  for (let c = 0; c < channels; c++) {
    const plane = x + ((<usize>c * <usize>H * <usize>W) << 2);
    for (let ky = 0; ky < KH; ky++) {
      for (let kx = 0; kx < KW; kx++) {
        const dx = kx * DW - left;
        // Output columns [ox0, ox1) read inside the row; the rest are padding.
        const ox0 = min(OW, max(0, ceilDiv(-dx, SW)));
        const ox1 = max(ox0, min(OW, ceilDiv(W - dx, SW)));
        // (|dx| < W keeps the copy's overreach within a row either side of the band.)
        if (SH == 1 && SW == 1 && OW == W && dx > -W && dx < W) {
          o = unfoldBand(plane, H, W, ky * DH - top, dx, ox0, ox1, rowStart, rowEnd, o);
          continue;
        }
        for (let oy = rowStart; oy < rowEnd; oy++, o += rowBytes) {
          const iy = oy * SH + ky * DH - top;
          if (iy < 0 || iy >= H) {
            zeroFloats(o, OW);
            continue;
          }
          const line = plane + ((<usize>iy * <usize>W) << 2);
          zeroFloats(o, ox0);
          if (SW == 1) {
            copyFloats(o + (<usize>ox0 << 2), line + (<usize>(ox0 + dx) << 2), ox1 - ox0);
          } else {
            for (let ox = ox0; ox < ox1; ox++) store<f32>(o + (<usize>ox << 2), load<f32>(line + (<usize>(ox * SW + dx) << 2)));
          }
          zeroFloats(o + (<usize>ox1 << 2), OW - ox1);
        }
      }
    }
  }
}

/**
 * One (channel, ky, kx) row block of the column matrix when the output rows are as wide as the
 * input's and the stride is 1 ('same' padding): input row oy + shift, shifted by dx, is output
 * row oy, so the whole band is one copy; then the columns that read padding, which got the
 * neighbouring row's values, are cleared. Row by row, a 14-wide map paid more for each row's
 * setup than for its copy. Returns where the next block starts.
 */
function unfoldBand(plane: usize, H: i32, W: i32, shift: i32, dx: i32, ox0: i32, ox1: i32, rowStart: i32, rowEnd: i32, o: usize): usize {
  const lo = min(rowEnd, max(rowStart, -shift));
  const hi = max(lo, min(rowEnd, H - shift));
  zeroFloats(o, (lo - rowStart) * W);
  let out = o + (<usize>((lo - rowStart) * W) << 2);
  if (hi > lo) {
    // The source may start |dx| floats before the band's first row or end |dx| after its last:
    // those floats land in padding columns, cleared below.
    copyFloats(out, plane + <usize>(((lo + shift) * W + dx) << 2), (hi - lo) * W);
    for (let r = lo; r < hi; r++, out += <usize>W << 2) {
      zeroFloats(out, ox0);
      zeroFloats(out + (<usize>ox1 << 2), W - ox1);
    }
  }
  zeroFloats(out, (rowEnd - hi) * W);
  return out + (<usize>((rowEnd - hi) * W) << 2);
}

/** Adds each column entry at `col` back to the input position it came from, in the planes at `dx`. */
export function col2im(
  col: usize, H: i32, W: i32, channels: i32,
  OW: i32, KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32, top: i32, left: i32,
  rowStart: i32, rowEnd: i32, dx: usize,
): void {
  let o = col;
  const rowBytes = <usize>OW << 2;
  for (let c = 0; c < channels; c++) {
    const plane = dx + ((<usize>c * <usize>H * <usize>W) << 2);
    for (let ky = 0; ky < KH; ky++) {
      for (let kx = 0; kx < KW; kx++) {
        const shift = kx * DW - left;
        const ox0 = min(OW, max(0, ceilDiv(-shift, SW)));
        const ox1 = max(ox0, min(OW, ceilDiv(W - shift, SW)));
        for (let oy = rowStart; oy < rowEnd; oy++, o += rowBytes) {
          const iy = oy * SH + ky * DH - top;
          if (iy < 0 || iy >= H) continue;
          const line = plane + ((<usize>iy * <usize>W) << 2);
          let ox = ox0;
          if (SW == 1) {
            // Contiguous on both sides: four at a time.
            const dst = line + (<usize>shift << 2);
            for (; ox + 4 <= ox1; ox += 4) {
              const p = dst + (<usize>ox << 2);
              v128.store(p, f32x4.add(v128.load(p), v128.load(o + (<usize>ox << 2))));
            }
          }
          for (; ox < ox1; ox++) {
            const p = line + (<usize>(ox * SW + shift) << 2);
            store<f32>(p, load<f32>(p) + load<f32>(o + (<usize>ox << 2)));
          }
        }
      }
    }
  }
}

/** ceil(a / b) for b > 0 and any sign of a. */
function ceilDiv(a: i32, b: i32): i32 {
  return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}
