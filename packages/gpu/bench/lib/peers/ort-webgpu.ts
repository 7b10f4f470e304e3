/**
 * onnxruntime-web's WebGPU execution provider on a case: a one-node model per case, operands
 * and output in GPU buffers of ORT's own device (IO binding), so a call is one `session.run`
 * with nothing copied to or from the CPU. ORT-web has no gradient ops outside training builds:
 * the input gradient is a ConvTranspose and the weight gradient a dilated Conv (below).
 */
import * as ort from 'onnxruntime-web/webgpu';

import { encodeSingleNodeModel, type IntAttribute } from '@convstudio/bench-meta/onnx-model';
import { readBuffer } from '../webgpu-node.ts';
import type { ConvCase, GpuRun } from '../types.ts';

/** Points ORT at its own wasm files (nothing is fetched from a CDN) and loads the WebGPU EP. */
export function initOrtWeb(): void {
  ort.env.wasm.wasmPaths = new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url).href;
  // Threads need a cross-origin-isolated page or workers that load the wasm: not in Node.
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'warning';
}

interface Graph {
  opType: string;
  inputs: { name: string; shape: number[]; data: Float32Array }[];
  output: number[];
  attributes: IntAttribute[];
  /** Our result from ORT's output (crop, reorder), outside timing. */
  toOurs: (raw: Float32Array) => Float32Array;
  via: string;
}

function graphOf(c: ConvCase): Graph | string {
  const { info, stride: s, pad: p } = c;
  const [, cin, h, wd] = c.x.shape;
  const [cout, , k] = c.w.shape;
  const [, , oh, ow] = c.dy.shape;
  const same = (v: number) => [v, v];
  if (c.op === 'forward') {
    return {
      opType: 'Conv',
      inputs: [{ name: 'X', shape: [...c.x.shape], data: c.x.data }, { name: 'W', shape: [...c.w.shape], data: c.w.data }],
      output: [1, cout, info.outHeight, info.outWidth],
      attributes: [{ name: 'kernel_shape', ints: [k, k] }, { name: 'strides', ints: same(s) }, { name: 'pads', ints: [p, p, p, p] }],
      toOurs: (raw) => raw,
      via: 'Conv',
    };
  }
  if (c.op === 'input grad') {
    // dx = ConvTranspose(dy, W): conv's OIHW weight is ConvTranspose's (C_in, C_out, kH, kW);
    // output_padding restores the rows a stride dropped.
    const extra = h - ((oh - 1) * s - 2 * p + k);
    return {
      opType: 'ConvTranspose',
      inputs: [{ name: 'X', shape: [...c.dy.shape], data: c.dy.data }, { name: 'W', shape: [...c.w.shape], data: c.w.data }],
      output: [1, cin, h, wd],
      attributes: [{ name: 'kernel_shape', ints: [k, k] }, { name: 'strides', ints: same(s) }, { name: 'pads', ints: [p, p, p, p] }, { name: 'output_padding', ints: same(extra) }],
      toOurs: (raw) => raw,
      via: 'ConvTranspose',
    };
  }
  if (c.x.shape[0] !== 1) return 'n/a: the Conv form of the weight gradient below needs batch 1';
  // dW[o,i,a,b] = Σ dy[o,y,x]·xpad[i,s·y+a,s·x+b]: a Conv of x seen as Cin images of one channel
  // with dy as Cout filters, dilated by the stride (batch 1 makes both views free reshapes).
  // Its output is [Cin, Cout, kk, kk], kk ≥ k (a stride that does not divide evenly gives
  // extra taps, computed and then cropped: ORT does slightly more work there).
  const kk = h + 2 * p - (oh - 1) * s;
  return {
    opType: 'Conv',
    inputs: [{ name: 'X', shape: [cin, 1, h, wd], data: c.x.data }, { name: 'W', shape: [cout, 1, oh, ow], data: c.dy.data }],
    output: [cin, cout, kk, kk],
    attributes: [{ name: 'kernel_shape', ints: [oh, ow] }, { name: 'strides', ints: [1, 1] }, { name: 'pads', ints: [p, p, p, p] }, { name: 'dilations', ints: same(s) }],
    toOurs: (raw) => {
      const out = new Float32Array(cout * cin * k * k);
      for (let o = 0; o < cout; o++)
        for (let i = 0; i < cin; i++)
          for (let a = 0; a < k; a++)
            for (let b = 0; b < k; b++) out[((o * cin + i) * k + a) * k + b] = raw[((i * cout + o) * kk + a) * kk + b];
      return out;
    },
    via: kk === k ? 'Conv (x as Cin images, dy as filters, dilation = stride)' : `Conv (x as Cin images, dy as filters, dilation = stride; ${kk}x${kk} taps cropped to ${k}x${k})`,
  };
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export async function ortSetup(c: ConvCase): Promise<GpuRun | string> {
  const g = graphOf(c);
  if (typeof g === 'string') return g;
  const model = encodeSingleNodeModel({
    opType: g.opType,
    inputs: g.inputs.map(({ name, shape }) => ({ name, shape })),
    outputs: [{ name: 'Y', shape: g.output }],
    attributes: g.attributes,
  });
  const session = await ort.InferenceSession.create(model, { executionProviders: ['webgpu'], graphOptimizationLevel: 'all', preferredOutputLocation: 'gpu-buffer' });
  const device = (await ort.env.webgpu.device) as GPUDevice;
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const buffers: GPUBuffer[] = [];
  const gpuTensor = (shape: number[], data?: Float32Array) => {
    const buffer = device.createBuffer({ label: 'bench.ort', size: size(shape) * 4, usage });
    if (data) device.queue.writeBuffer(buffer, 0, data);
    buffers.push(buffer);
    return ort.Tensor.fromGpuBuffer(buffer, { dataType: 'float32', dims: shape });
  };
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of g.inputs) feeds[input.name] = gpuTensor(input.shape, input.data);
  const fetches = { Y: gpuTensor(g.output) };
  const outBuffer = buffers[buffers.length - 1];
  const run = async () => {
    await session.run(feeds, fetches);
  };
  return {
    run,
    sync: () => device.queue.onSubmittedWorkDone(),
    result: async () => {
      await run();
      return g.toOurs(await readBuffer(device, outBuffer, size(g.output)));
    },
    dispose: () => {
      void session.release();
      for (const b of buffers) b.destroy();
    },
    via: g.via,
  };
}
