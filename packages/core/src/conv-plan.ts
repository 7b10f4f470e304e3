import type { Conv2dInfo } from './shape.js';

// How a convolution is planned, shared by the TypeScript kernels (src/cpu) and the WebAssembly
// ones (src/wasm) so that neither folder imports the other's kernels: both pick the same path
// for a shape and finish the output the same way.

/** Direct convolution wins when the GEMM would be too small or too thin to fill its 4x8 blocks. */
export function prefersDirect(info: Conv2dInfo): boolean {
  const coutPerGroup = info.outChannels / info.groups;
  const macs = info.batch * info.outChannels * info.outHeight * info.outWidth * (info.inChannels / info.groups) * info.kernelHeight * info.kernelWidth;
  return coutPerGroup < 4 || macs < 200_000;
}

/** True when the columns equal the input itself (1x1 kernel, stride 1, no padding): no unfold needed. */
export function isPointwise(info: Conv2dInfo): boolean {
  const { pad } = info;
  return (
    info.kernelHeight === 1 && info.kernelWidth === 1 && info.strideHeight === 1 && info.strideWidth === 1 &&
    pad.top === 0 && pad.bottom === 0 && pad.left === 0 && pad.right === 0
  );
}

/** Adds bias[c] to every value of plane (n, c). */
export function addBiasPlanes(out: Float32Array, bias: Float32Array, batch: number, channels: number, planeSize: number): void {
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const b = bias[c];
      const start = (n * channels + c) * planeSize;
      for (let i = start; i < start + planeSize; i++) out[i] += b;
    }
  }
}
