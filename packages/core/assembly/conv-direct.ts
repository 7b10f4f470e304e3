// Direct convolution for problems too small for im2col + GEMM to pay off (the worked example's
// 1x28x28 to 2 channels), as src/cpu/conv2d-direct.ts (the reference) does it, with SIMD across
// four neighbouring output columns when the stride is 1: one splat weight times four inputs.
// Pointers are byte offsets; sizes in elements.

import { madd } from './gemm';

/** out[n, co, oy, ox] = Σ w[co, ci, ky, kx] · x[n, g·cin + ci, oy·SH + ky·DH - top, ox·SW + kx·DW - left]. */
export function convDirect(
  x: usize, w: usize, out: usize,
  batch: i32, inChannels: i32, H: i32, W: i32, outChannels: i32, OH: i32, OW: i32, groups: i32,
  KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32, top: i32, left: i32,
): void {
  const cin = inChannels / groups;
  const cout = outChannels / groups;
  // Columns [inner0, inner1) read every tap inside the row: no bounds tests there.
  const inner0 = min(OW, max(0, (left + SW - 1) / SW));
  const inner1 = max(inner0, min(OW, floorDiv(W - 1 + left - (KW - 1) * DW, SW) + 1));
  const plane = <usize>(H * W) << 2;
  for (let n = 0; n < batch; n++) {
    for (let co = 0; co < outChannels; co++) {
      const g = co / cout;
      const xGroup = x + ((<usize>(n * inChannels + g * cin) * <usize>H * <usize>W) << 2);
      const wFilter = w + ((<usize>co * <usize>cin * <usize>KH * <usize>KW) << 2);
      let o = out + ((<usize>(n * outChannels + co) * <usize>OH * <usize>OW) << 2);
      for (let oy = 0; oy < OH; oy++, o += <usize>OW << 2) {
        const iy0 = oy * SH - top;
        let ox = 0;
        for (; ox < inner0; ox++) store<f32>(o + (<usize>ox << 2), windowSum(xGroup, wFilter, cin, H, W, KH, KW, DH, DW, iy0, ox * SW - left));
        if (SW == 1) {
          for (; ox + 4 <= inner1; ox += 4) {
            let acc = f32x4.splat(0);
            let q = wFilter;
            for (let ci = 0; ci < cin; ci++) {
              const channel = xGroup + <usize>ci * plane;
              for (let ky = 0; ky < KH; ky++, q += <usize>KW << 2) {
                const iy = iy0 + ky * DH;
                if (iy < 0 || iy >= H) continue;
                let p = channel + ((<usize>(iy * W + ox - left)) << 2);
                for (let kx = 0; kx < KW; kx++, p += <usize>DW << 2) {
                  acc = madd(v128.load32_splat(q + (<usize>kx << 2)), v128.load(p), acc);
                }
              }
            }
            v128.store(o + (<usize>ox << 2), acc);
          }
        }
        for (; ox < OW; ox++) store<f32>(o + (<usize>ox << 2), windowSum(xGroup, wFilter, cin, H, W, KH, KW, DH, DW, iy0, ox * SW - left));
      }
    }
  }
}

/** One output value with bounds tests on every tap: for border columns, strides and leftovers. */
function windowSum(xGroup: usize, wFilter: usize, cin: i32, H: i32, W: i32, KH: i32, KW: i32, DH: i32, DW: i32, iy0: i32, ix0: i32): f32 {
  let sum: f32 = 0;
  let q = wFilter;
  for (let ci = 0; ci < cin; ci++) {
    for (let ky = 0; ky < KH; ky++, q += <usize>KW << 2) {
      const iy = iy0 + ky * DH;
      if (iy < 0 || iy >= H) continue;
      const row = xGroup + ((<usize>(ci * H + iy) * <usize>W) << 2);
      for (let kx = 0; kx < KW; kx++) {
        const ix = ix0 + kx * DW;
        if (ix >= 0 && ix < W) sum += load<f32>(q + (<usize>kx << 2)) * load<f32>(row + (<usize>ix << 2));
      }
    }
  }
  return sum;
}

/** floor(a / b) for b > 0 and any sign of a. */
function floorDiv(a: i32, b: i32): i32 {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}
