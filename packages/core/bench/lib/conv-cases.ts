/**
 * The measured cases: our conv2d (forward, input gradient, weight gradient) and max pooling on one
 * shape, each with the same op set up on every peer that has it.
 */
import * as tf from '@tensorflow/tfjs-core';

import { computeConv2dInfo, conv2d, conv2dBackward, cpuBackend, createCpuBackend, maxPool2d, randn, withBackend } from '../../src/index.ts';
import { convModel, maxPoolModel } from '@convstudio/bench-meta/onnx-model';
import { HWIO_TO_OIHW, NCHW_TO_NHWC, NHWC_TO_NCHW, OIHW_TO_HWIO, permute4, relativeDiff, shapeOf } from '@convstudio/bench-meta/layout';
import { ortPeer } from './peers/onnxruntime.ts';
import { ortWebPeer } from './peers/onnxruntime-web.ts';
import { EXPLICIT, tfPeer } from './peers/tfjs.ts';
import type { Case, PeerRun } from './types.ts';
import type { ConvShape } from '@convstudio/bench-meta/conv-shape';

export type { ConvShape };

/**
 * "ours": the default kernels (WebAssembly where it loads) on one thread; "ours, 2 threads": the
 * same on two (conv-bench.ts starts the threads first); "ours, TypeScript": the reference kernels.
 */
const oneThread = createCpuBackend({ threads: 1 });
const twoThreads = createCpuBackend({ threads: 2 });
const reference = createCpuBackend({ kernels: 'js' });

/** A peer that runs one of our calls on another of our backends; results are already in our layout. */
function oursOn(run: () => { data: Float32Array }): () => Promise<PeerRun> {
  return async () => ({ run, toOurs: (raw) => (raw as { data: Float32Array }).data, dispose: () => undefined });
}


function shapeLabel(s: ConvShape): string {
  return `${s.cin}x${s.h}x${s.w} → ${s.cout}, k${s.k} s${s.stride} p${s.pad}`;
}

export function convCases(s: ConvShape, withBackward: boolean, seed: number): Case[] {
  const x = randn([1, s.cin, s.h, s.w], { seed });
  const w = randn([s.cout, s.cin, s.k, s.k], { seed: seed + 1, std: 1 / Math.sqrt(s.cin * s.k * s.k) });
  const opts = { stride: s.stride, padding: s.pad };
  const info = computeConv2dInfo('bench', x.shape, w.shape, opts);
  const yShape = [1, s.cout, info.outHeight, info.outWidth];
  const macs = s.cout * info.outHeight * info.outWidth * s.cin * s.k * s.k;
  const label = shapeLabel(s);
  const strides: [number, number] = [s.stride, s.stride];
  const pad = EXPLICIT(s.pad);
  const xNhwc = permute4(x.data, x.shape, NCHW_TO_NHWC);
  const wHwio = permute4(w.data, w.shape, OIHW_TO_HWIO);
  const xTfShape = shapeOf(x.shape, NCHW_TO_NHWC);
  const wTfShape = shapeOf(w.shape, OIHW_TO_HWIO);
  const yTfShape = shapeOf(yShape, NCHW_TO_NHWC);
  const fromNhwc = (d: Float32Array) => permute4(d, yTfShape, NHWC_TO_NCHW);
  const model = convModel(x.shape, w.shape, yShape, s.stride, s.pad);

  const y = conv2d(x, w, opts);
  const cases: Case[] = [
    {
      op: 'forward',
      shape: label,
      note: s.note,
      work: 2 * macs,
      unit: 'GFLOP/s',
      ours: { result: y.data, run: () => withBackend(oneThread, () => conv2d(x, w, opts)) },
      peers: {
        'ours-2t': oursOn(() => withBackend(twoThreads, () => conv2d(x, w, opts))),
        'ours-js': oursOn(() => withBackend(reference, () => conv2d(x, w, opts))),
        'tfjs-cpu': tfPeer('tfjs-cpu', null, () => fwd()),
        'tfjs-wasm': tfPeer('tfjs-wasm', null, () => fwd()),
        'ortweb-1t': ortWebPeer('ortweb-1t', model, { X: x, W: w }),
        'ortweb-2t': ortWebPeer('ortweb-2t', model, { X: x, W: w }),
        'ort-1t': ortPeer('ort-1t', model, { X: x, W: w }),
        'ort-default': ortPeer('ort-default', model, { X: x, W: w }),
      },
    },
  ];
  function fwd() {
    const xt = tf.tensor4d(xNhwc, xTfShape);
    const wt = tf.tensor4d(wHwio, wTfShape);
    return { inputs: [xt, wt], compute: () => tf.conv2d(xt, wt, strides, pad), toOurs: fromNhwc };
  }
  if (!withBackward) return cases;

  const dy = randn(yShape, { seed: seed + 2 });
  const dyNhwc = permute4(dy.data, dy.shape, NCHW_TO_NHWC);
  // The public op and the two kernels timed below must agree with each other too.
  const grads = conv2dBackward(dy, x, w, opts);
  const dx = cpuBackend.conv2dBackwardInput(dy, w, info);
  const dw = cpuBackend.conv2dBackwardFilter(x, dy, info);
  if (relativeDiff(grads.dx.data, dx.data) > 0 || relativeDiff(grads.dweight.data, dw.data) > 0) {
    throw new Error('conv2dBackward and the cpu backend kernels disagree');
  }
  const bwdInput = () => {
    const dyt = tf.tensor4d(dyNhwc, yTfShape);
    const wt = tf.tensor4d(wHwio, wTfShape);
    const attrs = { strides, pad, dataFormat: 'NHWC', inputShape: xTfShape };
    return {
      inputs: [dyt, wt],
      compute: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: dyt, filter: wt }, attrs) as tf.Tensor,
      toOurs: (d: Float32Array) => permute4(d, xTfShape, NHWC_TO_NCHW),
    };
  };
  const bwdFilter = () => {
    const xt = tf.tensor4d(xNhwc, xTfShape);
    const dyt = tf.tensor4d(dyNhwc, yTfShape);
    const attrs = { strides, pad, dataFormat: 'NHWC', filterShape: wTfShape };
    return {
      inputs: [xt, dyt],
      compute: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: xt, dy: dyt }, attrs) as tf.Tensor,
      toOurs: (d: Float32Array) => permute4(d, wTfShape, HWIO_TO_OIHW),
    };
  };
  cases.push(
    {
      op: 'input grad',
      shape: label,
      work: 2 * macs,
      unit: 'GFLOP/s',
      ours: { result: dx.data, run: () => oneThread.conv2dBackwardInput(dy, w, info) },
      peers: {
        'ours-2t': oursOn(() => twoThreads.conv2dBackwardInput(dy, w, info)),
        'ours-js': oursOn(() => reference.conv2dBackwardInput(dy, w, info)),
        'tfjs-cpu': tfPeer('tfjs-cpu', tf.Conv2DBackpropInput, bwdInput),
        'tfjs-wasm': tfPeer('tfjs-wasm', tf.Conv2DBackpropInput, bwdInput),
      },
    },
    {
      op: 'weight grad',
      shape: label,
      work: 2 * macs,
      unit: 'GFLOP/s',
      ours: { result: dw.data, run: () => oneThread.conv2dBackwardFilter(x, dy, info) },
      peers: {
        'ours-2t': oursOn(() => twoThreads.conv2dBackwardFilter(x, dy, info)),
        'ours-js': oursOn(() => reference.conv2dBackwardFilter(x, dy, info)),
        'tfjs-cpu': tfPeer('tfjs-cpu', tf.Conv2DBackpropFilter, bwdFilter),
        'tfjs-wasm': tfPeer('tfjs-wasm', tf.Conv2DBackpropFilter, bwdFilter),
      },
    },
  );
  return cases;
}

export function maxPoolCase(c: number, h: number, wd: number, k: number, stride: number, seed: number): Case {
  const x = randn([1, c, h, wd], { seed });
  const y = maxPool2d(x, { kernelSize: k, stride });
  const [, , oh, ow] = y.shape;
  const xTfShape = shapeOf(x.shape, NCHW_TO_NHWC);
  const yTfShape = shapeOf(y.shape, NCHW_TO_NHWC);
  const xNhwc = permute4(x.data, x.shape, NCHW_TO_NHWC);
  const model = maxPoolModel(x.shape, y.shape, k, stride);
  const setup = () => {
    const xt = tf.tensor4d(xNhwc, xTfShape);
    return {
      inputs: [xt],
      compute: () => tf.maxPool(xt, [k, k], [stride, stride], 'valid'),
      toOurs: (d: Float32Array) => permute4(d, yTfShape, NHWC_TO_NCHW),
    };
  };
  return {
    op: 'max pool',
    shape: `${c}x${h}x${wd}, ${k}x${k} s${stride}`,
    work: c * oh * ow * (k * k - 1),
    unit: 'Gcmp/s',
    ours: { result: y.data, run: () => withBackend(oneThread, () => maxPool2d(x, { kernelSize: k, stride })) },
    peers: {
      'ours-2t': oursOn(() => withBackend(twoThreads, () => maxPool2d(x, { kernelSize: k, stride }))),
      'ours-js': oursOn(() => withBackend(reference, () => maxPool2d(x, { kernelSize: k, stride }))),
      'tfjs-cpu': tfPeer('tfjs-cpu', null, setup),
      'tfjs-wasm': tfPeer('tfjs-wasm', null, setup),
      'ortweb-1t': ortWebPeer('ortweb-1t', model, { X: x }),
      'ortweb-2t': ortWebPeer('ortweb-2t', model, { X: x }),
      'ort-1t': ortPeer('ort-1t', model, { X: x }),
      'ort-default': ortPeer('ort-default', model, { X: x }),
    },
  };
}
