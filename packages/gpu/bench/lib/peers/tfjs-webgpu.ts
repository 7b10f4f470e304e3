/**
 * @tensorflow/tfjs-backend-webgpu on a case: NHWC operands with HWIO filters (tfjs's layouts),
 * uploaded by a first call; each call one kernel (Conv2D, Conv2DBackpropInput,
 * Conv2DBackpropFilter) with explicit padding, its output disposed at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

import { HWIO_TO_OIHW, NCHW_TO_NHWC, NHWC_TO_NCHW, OIHW_TO_HWIO, permute4, shapeOf } from '@convstudio/bench-meta/layout';
import type { ConvCase, GpuRun } from '../types.ts';

/**
 * Makes tfjs-webgpu the active tfjs backend. Imported here, not at the top: the package
 * registers its backend only if navigator.gpu exists when it loads.
 */
export async function initTfWebGpu(): Promise<WebGPUBackend> {
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs-backend-webgpu: setBackend("webgpu") failed');
  await tf.ready();
  return tf.backend() as WebGPUBackend;
}

type Pad = [[number, number], [number, number], [number, number], [number, number]];

export function tfSetup(backend: WebGPUBackend) {
  return async (c: ConvCase): Promise<GpuRun> => {
    const xShape = shapeOf(c.x.shape, NCHW_TO_NHWC);
    const wShape = shapeOf(c.w.shape, OIHW_TO_HWIO);
    const yShape = shapeOf(c.dy.shape, NCHW_TO_NHWC);
    const x = tf.tensor4d(permute4(c.x.data, c.x.shape, NCHW_TO_NHWC), xShape);
    const w = tf.tensor4d(permute4(c.w.data, c.w.shape, OIHW_TO_HWIO), wShape);
    const dy = tf.tensor4d(permute4(c.dy.data, c.dy.shape, NCHW_TO_NHWC), yShape);
    const strides: [number, number] = [c.stride, c.stride];
    const pad: Pad = [[0, 0], [c.pad, c.pad], [c.pad, c.pad], [0, 0]];
    const call = (): tf.Tensor =>
      c.op === 'forward'
        ? tf.conv2d(x, w, strides, pad)
        : c.op === 'input grad'
          ? (tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: w }, { strides, pad, dataFormat: 'NHWC', inputShape: xShape }) as tf.Tensor)
          : (tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides, pad, dataFormat: 'NHWC', filterShape: wShape }) as tf.Tensor);
    return {
      run: () => call().dispose(),
      // tfjs batches dispatches into its own pass and encoder: end and submit them, then wait.
      sync: async () => {
        backend.endComputePassEncoder();
        backend.submitQueue();
        await backend.device.queue.onSubmittedWorkDone();
      },
      result: async () => {
        const y = call();
        const data = (await y.data()) as Float32Array;
        y.dispose();
        return c.op === 'forward' ? permute4(data, yShape, NHWC_TO_NCHW) : c.op === 'input grad' ? permute4(data, xShape, NHWC_TO_NCHW) : permute4(data, wShape, HWIO_TO_OIHW);
      },
      dispose: () => tf.dispose([x, w, dy]),
    };
  };
}
