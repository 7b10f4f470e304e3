import type { Conv2dInfo } from '../shape.js';

/**
 * Direct convolution for problems too small for im2col + GEMM to pay off (the worked example's
 * 1x28x28 to 2 channels): no unfolding, no packing, no scratch memory. Each output value is
 * summed in a local variable (registers) and stored once; accumulating into the output array
 * instead costs a load and a store per multiply-add and measured about twice as slow.
 * Output columns whose window lies wholly inside the input skip every bounds test.
 */
export function conv2dDirect(x: Float32Array, w: Float32Array, out: Float32Array, info: Conv2dInfo): void {
  const { batch, inChannels, inHeight: H, inWidth: W, outChannels, outHeight: OH, outWidth: OW, groups } = info;
  const { kernelHeight: KH, kernelWidth: KW, strideHeight: SH, strideWidth: SW, dilationHeight: DH, dilationWidth: DW } = info;
  const { top, left } = info.pad;
  const cin = inChannels / groups;
  const cout = outChannels / groups;
  // Columns ox in [inner0, inner1) read ix = ox*SW - left + kx*DW inside [0, W) for every kx.
  const inner0 = Math.min(OW, Math.max(0, Math.ceil(left / SW)));
  const inner1 = Math.max(inner0, Math.min(OW, Math.floor((W - 1 + left - (KW - 1) * DW) / SW) + 1));
  for (let n = 0; n < batch; n++) {
    for (let co = 0; co < outChannels; co++) {
      const g = Math.floor(co / cout);
      const xGroup = (n * inChannels + g * cin) * H * W;
      const wFilter = co * cin * KH * KW;
      let o = (n * outChannels + co) * OH * OW;
      for (let oy = 0; oy < OH; oy++, o += OW) {
        const iy0 = oy * SH - top;
        let ox = 0;
        for (; ox < inner0; ox++) out[o + ox] = windowSum(x, w, xGroup, wFilter, iy0, ox * SW - left, info);
        // Four neighbouring outputs at a time share every weight load: four sums in registers.
        for (; ox + 3 < inner1; ox += 4) {
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          const ix0 = ox * SW - left;
          for (let ci = 0; ci < cin; ci++) {
            for (let ky = 0; ky < KH; ky++) {
              const iy = iy0 + ky * DH;
              if (iy < 0 || iy >= H) continue;
              let p = xGroup + (ci * H + iy) * W + ix0;
              let q = wFilter + (ci * KH + ky) * KW;
              for (let kx = 0; kx < KW; kx++, p += DW, q++) {
                const weight = w[q];
                s0 += weight * x[p];
                s1 += weight * x[p + SW];
                s2 += weight * x[p + 2 * SW];
                s3 += weight * x[p + 3 * SW];
              }
            }
          }
          out[o + ox] = s0;
          out[o + ox + 1] = s1;
          out[o + ox + 2] = s2;
          out[o + ox + 3] = s3;
        }
        for (; ox < OW; ox++) out[o + ox] = windowSum(x, w, xGroup, wFilter, iy0, ox * SW - left, info);
      }
    }
  }
}

/** One output value with bounds tests on every tap: for border columns and leftovers. */
function windowSum(x: Float32Array, w: Float32Array, xGroup: number, wFilter: number, iy0: number, ix0: number, info: Conv2dInfo): number {
  const { inHeight: H, inWidth: W, kernelHeight: KH, kernelWidth: KW, dilationHeight: DH, dilationWidth: DW } = info;
  const cin = info.inChannels / info.groups;
  let sum = 0;
  for (let ci = 0; ci < cin; ci++) {
    for (let ky = 0; ky < KH; ky++) {
      const iy = iy0 + ky * DH;
      if (iy < 0 || iy >= H) continue;
      const row = xGroup + (ci * H + iy) * W;
      const wRow = wFilter + (ci * KH + ky) * KW;
      for (let kx = 0; kx < KW; kx++) {
        const ix = ix0 + kx * DW;
        if (ix >= 0 && ix < W) sum += w[wRow + kx] * x[row + ix];
      }
    }
  }
  return sum;
}

