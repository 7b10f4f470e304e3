/**
 * tfjs-backend-wasm 4.22.0 has no Conv2DBackpropFilter kernel, so a tfjs model with a conv layer
 * cannot compute its weight gradient there. To still time training on wasm, this registers one
 * built only from the wasm backend's own kernels: the weight gradient of a convolution is itself a
 * convolution (x with batch and channels swapped, filtered by dy dilated by the stride), which
 * runs on XNNPACK like the forward pass. It is ours, not tfjs's: the report says so.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

interface FilterGradAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

const filterGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as FilterGradAttrs;
  if (dataFormat !== 'NHWC') throw new Error(`wasm Conv2DBackpropFilter shim: only NHWC, got ${dataFormat}`);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const [kh, kw, cin, cout] = filterShape;
  const call = (name: string, kernelInputs: Record<string, TensorInfo>, kernelAttrs: object): TensorInfo =>
    tf.getKernel(name, 'wasm')!.kernelFunc({ inputs: kernelInputs, backend, attrs: kernelAttrs as tf.NamedAttrMap }) as TensorInfo;
  const temps: TensorInfo[] = [];
  const temp = (t: TensorInfo) => (temps.push(t), t);
  // dW[i, j, c, o] = Σ_{n, p, q} x[n, p·s + i − top, q·s + j − left, c] · dy[n, p, q, o]:
  // a conv of x as [C, H, W, N] with dy as an [Hout, Wout, N, O] filter, dilation s, stride 1.
  const xT = temp(call(tf.Transpose, { x }, { perm: [3, 1, 2, 0] }));
  const dyT = temp(call(tf.Transpose, { x: dy }, { perm: [1, 2, 0, 3] }));
  const { top, bottom, left, right } = info.padInfo;
  const explicit: tf.backend_util.ExplicitPadding = [[0, 0], [top, bottom], [left, right], [0, 0]];
  let cw = temp(call(tf.Conv2D, { x: xT, filter: dyT }, { strides: [1, 1], pad: explicit, dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth] }));
  // With a stride above 1 the last rows of the padded input may reach past the kernel: cut them.
  if (cw.shape[1] !== kh || cw.shape[2] !== kw) cw = temp(call(tf.Slice, { x: cw }, { begin: [0, 0, 0, 0], size: [cin, kh, kw, cout] }));
  const dw = call(tf.Transpose, { x: cw }, { perm: [1, 2, 0, 3] });
  for (const t of temps) (backend as tf.KernelBackend).disposeData(t.dataId);
  return dw;
};

/**
 * Registers the shim when wasm lacks the kernel; returns whether it did.
 *
 * @example
 * if (registerWasmFilterGradShim()) console.log('wasm weight gradient: shim');
 */
export function registerWasmFilterGradShim(): boolean {
  if (tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')) return false;
  tf.registerKernel({ kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: filterGrad });
  return true;
}

/**
 * max |shim − tfjs-cpu| / max |tfjs-cpu| of the weight gradient on the given NHWC shapes, 'same'
 * padding, stride 1: the shim must agree with tfjs's own kernel before it is timed.
 */
export async function checkWasmFilterGrad(cases: { x: [number, number, number, number]; k: number; cout: number }[]): Promise<number> {
  const before = tf.getBackend();
  let worst = 0;
  for (const [i, c] of cases.entries()) {
    const xData = Float32Array.from({ length: c.x.reduce((a, b) => a * b, 1) }, (_, j) => Math.sin(j * 0.37 + i));
    const dyShape: [number, number, number, number] = [c.x[0], c.x[1], c.x[2], c.cout];
    const dyData = Float32Array.from({ length: dyShape.reduce((a, b) => a * b, 1) }, (_, j) => Math.cos(j * 0.11 + i));
    const filterShape: [number, number, number, number] = [c.k, c.k, c.x[3], c.cout];
    const grad = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const x = tf.tensor4d(xData, c.x);
      const dy = tf.tensor4d(dyData, dyShape);
      const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape };
      const dw = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
      const data = dw.dataSync() as Float32Array;
      tf.dispose([x, dy, dw]);
      return data;
    };
    const want = await grad('cpu');
    const got = await grad('wasm');
    let diff = 0;
    let scale = 0;
    want.forEach((v, j) => {
      diff = Math.max(diff, Math.abs(v - got[j]));
      scale = Math.max(scale, Math.abs(v));
    });
    worst = Math.max(worst, Number.isNaN(diff) ? Infinity : diff / scale);
  }
  await tf.setBackend(before);
  return worst;
}
