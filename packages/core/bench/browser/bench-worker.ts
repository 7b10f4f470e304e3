// Times forward conv2d in a browser worker: ours on one and two threads (core's WebAssembly
// kernels, threads on the page's shared memory) and tfjs-backend-wasm with the thread count the
// page asks for (its threaded build needs a cross-origin isolated page, which the driver serves).
import * as tf from '@tensorflow/tfjs-core';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';

import { computeConv2dInfo, cpuThreads, createCpuBackend, randn, startCpuThreads, wasmKernelsReady } from '../../src/index.ts';
import { wasmKernels } from '../../src/wasm/load.ts';
import { NCHW_TO_NHWC, NHWC_TO_NCHW, OIHW_TO_HWIO, permute4, relativeDiff, shapeOf } from '@convstudio/bench-meta/layout';

declare const self: { location: { origin: string }; onmessage: ((event: { data: { tfjsThreads: number } }) => void) | null; postMessage(message: unknown): void; crossOriginIsolated: boolean; navigator: { userAgent: string; hardwareConcurrency: number } };

/** The conv benchmark's forward shapes (conv-bench.ts), batch 1. */
const SHAPES = [
  { cin: 3, h: 224, w: 224, cout: 64, k: 11, stride: 4, pad: 2, note: 'AlexNet conv1' },
  { cin: 64, h: 56, w: 56, cout: 64, k: 3, stride: 1, pad: 1 },
  { cin: 256, h: 14, w: 14, cout: 256, k: 3, stride: 1, pad: 1 },
  { cin: 1, h: 28, w: 28, cout: 2, k: 5, stride: 1, pad: 0, note: 'worked example' },
  { cin: 128, h: 28, w: 28, cout: 128, k: 1, stride: 1, pad: 0 },
];

export interface BrowserBenchRow {
  shape: string;
  macs: number;
  /** Median ms per call. */
  ours1: number;
  ours2: number;
  tfjs: number;
  /** max |ours − tfjs| / max |ours| */
  diff: number;
}

export interface BrowserBenchResult {
  userAgent: string;
  crossOriginIsolated: boolean;
  cores: number;
  oursVariant: string;
  oursThreads: number;
  tfjsBinary: string;
  tfjsThreads: number;
  rows: BrowserBenchRow[];
  error?: string;
}

const BUDGET_MS = 800;

/**
 * Median ms per call of `run` over about BUDGET_MS after three warm-up calls. Calls are timed in
 * blocks of at least 1 ms, because a cross-origin isolated page's clock ticks in 5 µs steps
 * (the worked example's call takes about 10 µs).
 */
function median(run: () => unknown): number {
  for (let i = 0; i < 3; i++) run();
  const t = performance.now();
  run();
  const perBlock = Math.max(1, Math.ceil(1 / Math.max(performance.now() - t, 0.001)));
  const times: number[] = [];
  const end = performance.now() + BUDGET_MS;
  while (performance.now() < end || times.length < 5) {
    const t0 = performance.now();
    for (let i = 0; i < perBlock; i++) run();
    times.push((performance.now() - t0) / perBlock);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

export async function runBench(tfjsThreads: number): Promise<BrowserBenchResult> {
  tfWasm.setThreadsCount(tfjsThreads);
  tfWasm.setWasmPaths(`${self.location.origin}/tfjs-wasm/`);
  await tf.setBackend('wasm');
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  const threaded = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean;
  await wasmKernelsReady();
  const oursThreads = await startCpuThreads(2);
  const one = createCpuBackend({ threads: 1 });
  const two = createCpuBackend({ threads: 2 });
  const rows: BrowserBenchRow[] = [];
  SHAPES.forEach((s, i) => {
    const x = randn([1, s.cin, s.h, s.w], { seed: 10 * i + 1 });
    const w = randn([s.cout, s.cin, s.k, s.k], { seed: 10 * i + 2, std: 1 / Math.sqrt(s.cin * s.k * s.k) });
    const info = computeConv2dInfo('browser-bench', x.shape, w.shape, { stride: s.stride, padding: s.pad });
    const ours = one.conv2d(x, w, undefined, info);
    const xt = tf.tensor4d(permute4(x.data, x.shape, NCHW_TO_NHWC), shapeOf(x.shape, NCHW_TO_NHWC));
    const wt = tf.tensor4d(permute4(w.data, w.shape, OIHW_TO_HWIO), shapeOf(w.shape, OIHW_TO_HWIO));
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [s.pad, s.pad], [s.pad, s.pad], [0, 0]];
    const tfRun = () => {
      const y = tf.conv2d(xt, wt, [s.stride, s.stride], pad);
      const data = y.dataSync() as Float32Array;
      y.dispose();
      return data;
    };
    const yShape = [1, info.outHeight, info.outWidth, s.cout];
    const diff = relativeDiff(ours.data, permute4(tfRun(), yShape, NHWC_TO_NCHW));
    rows.push({
      shape: `${s.cin}x${s.h}x${s.w} → ${s.cout}, k${s.k} s${s.stride} p${s.pad}${s.note ? ` (${s.note})` : ''}`,
      macs: s.cout * info.outHeight * info.outWidth * s.cin * s.k * s.k,
      ours1: median(() => one.conv2d(x, w, undefined, info)),
      ours2: median(() => two.conv2d(x, w, undefined, info)),
      tfjs: median(tfRun),
      diff,
    });
    xt.dispose();
    wt.dispose();
  });
  return {
    userAgent: self.navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    cores: self.navigator.hardwareConcurrency,
    oursVariant: wasmKernels()?.variant ?? 'none',
    oursThreads: cpuThreads().threads === oursThreads ? oursThreads : cpuThreads().threads,
    tfjsBinary: simd && threaded ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm',
    tfjsThreads: tfWasm.getThreadsCount(),
    rows,
  };
}

// As a worker: run on the page's request. (The page imports runBench directly for ?where=page.)
if (typeof (globalThis as { document?: unknown }).document === 'undefined') self.onmessage = ({ data }) => {
  runBench(data.tfjsThreads).then(
    (result) => self.postMessage(result),
    (error: unknown) => self.postMessage({ error: String((error as Error)?.stack ?? error), rows: [] }),
  );
};
