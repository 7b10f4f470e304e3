import type { Conv2dInfo } from '../shape.js';

/**
 * Direct convolution for problems too small for im2col + GEMM to pay off (the worked example's
 * 1x28x28 to 2 channels): no unfolding, no packing, no scratch memory. The tap loop is outside
 * the position loop so each inner loop is a straight multiply-add over one output row.
 */
export function conv2dDirect(x: Float32Array, w: Float32Array, out: Float32Array, info: Conv2dInfo): void {
  const { batch, inChannels, inHeight: H, inWidth: W, outChannels, outHeight: OH, outWidth: OW, groups } = info;
  const { kernelHeight: KH, kernelWidth: KW, strideHeight: SH, strideWidth: SW, dilationHeight: DH, dilationWidth: DW } = info;
  const { top, left } = info.pad;
  const cin = inChannels / groups;
  const cout = outChannels / groups;
  for (let n = 0; n < batch; n++) {
    for (let co = 0; co < outChannels; co++) {
      const g = Math.floor(co / cout);
      const plane = (n * outChannels + co) * OH * OW;
      for (let ci = 0; ci < cin; ci++) {
        const xPlane = (n * inChannels + g * cin + ci) * H * W;
        const wBase = (co * cin + ci) * KH * KW;
        for (let ky = 0; ky < KH; ky++) {
          for (let kx = 0; kx < KW; kx++) {
            const weight = w[wBase + ky * KW + kx];
            if (weight === 0) continue;
            const dx = kx * DW - left;
            // Output columns whose input column lies inside the image: no bounds test inside.
            const oxStart = Math.max(0, Math.ceil(-dx / SW));
            const oxEnd = Math.min(OW, Math.floor((W - 1 - dx) / SW) + 1);
            for (let oy = 0; oy < OH; oy++) {
              const iy = oy * SH + ky * DH - top;
              if (iy < 0 || iy >= H) continue;
              const row = xPlane + iy * W + dx;
              const o = plane + oy * OW;
              for (let ox = oxStart; ox < oxEnd; ox++) out[o + ox] += weight * x[row + ox * SW];
            }
          }
        }
      }
    }
  }
}

/** Direct convolution wins when the GEMM would be too small or too thin to fill its 4x8 blocks. */
export function prefersDirect(info: Conv2dInfo): boolean {
  const coutPerGroup = info.outChannels / info.groups;
  const macs = info.batch * info.outChannels * info.outHeight * info.outWidth * (info.inChannels / info.groups) * info.kernelHeight * info.kernelWidth;
  return coutPerGroup < 4 || macs < 200_000;
}
