/**
 * Benchmark of @convstudio/core's conv2d (forward, input gradient, weight gradient) and max pooling
 * against @tensorflow/tfjs-backend-cpu, @tensorflow/tfjs-backend-wasm and onnxruntime-node, in one
 * process and one run. Every peer's result is checked against ours before it is timed; a
 * disagreement makes the process exit non-zero.
 *
 *   cd packages/core/bench && ONNXRUNTIME_NODE_INSTALL=skip npm ci && npm run bench
 *
 * Knobs (environment): BENCH_BUDGET_MS (time per measurement, default 1000),
 * BENCH_CAP_MS (most time one measurement may take, default 10000), BENCH_OUT (results file,
 * default results/latest.md beside this script).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-node';

import { type Tensor, computeConv2dInfo, conv2d, conv2dBackward, cpuBackend, maxPool2d, randn } from '../src/index.ts';
import { convModel, maxPoolModel } from './onnx-model.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 1000);
const CAP_MS = Number(process.env.BENCH_CAP_MS ?? 10_000);
/** A sample batches enough calls to last at least this long, so timer and loop overhead vanish. */
const MIN_SAMPLE_MS = 5;
/** Calls slower than this are not warmed up separately: their first call is a sample too. */
const SLOW_MS = 2000;
const MIN_SAMPLES = 3;
/** Agreement: max |ours - peer| / max |ours| below this. */
const TOLERANCE = 1e-3;

// ---------------------------------------------------------------------------------------------
// Timing

interface Timing {
  /** Median time of one call. */
  ms: number;
  /** Calls timed (warm-up excluded unless `cold`). */
  calls: number;
  /** The first (cold) call was counted, because one call takes more than SLOW_MS. */
  cold: boolean;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Warms up, then takes samples of `inner` calls until BUDGET_MS is spent and at least MIN_SAMPLES
 * samples are taken, never starting a sample that would pass CAP_MS. Very slow calls (over SLOW_MS)
 * count their first call as a sample and get as many more as fit in CAP_MS, up to MIN_SAMPLES.
 */
async function measure(fn: () => unknown): Promise<Timing> {
  let t = performance.now();
  await fn();
  const first = performance.now() - t;
  if (first > SLOW_MS) {
    const samples = [first];
    let spent = first;
    while (samples.length < MIN_SAMPLES && spent + median(samples) <= CAP_MS) {
      t = performance.now();
      await fn();
      const d = performance.now() - t;
      samples.push(d);
      spent += d;
    }
    return { ms: median(samples), calls: samples.length, cold: true };
  }
  // A second warm-up call: the first one often pays for JIT compilation or buffer allocation.
  t = performance.now();
  await fn();
  const second = performance.now() - t;
  const inner = Math.max(1, Math.ceil(MIN_SAMPLE_MS / Math.max(second, 1e-3)));
  const samples: number[] = [];
  let spent = 0;
  while (samples.length < MIN_SAMPLES || spent < BUDGET_MS) {
    if (samples.length >= MIN_SAMPLES && spent + median(samples) * inner > CAP_MS) break;
    t = performance.now();
    for (let i = 0; i < inner; i++) await fn();
    const d = performance.now() - t;
    samples.push(d / inner);
    spent += d;
  }
  return { ms: median(samples), calls: samples.length * inner, cold: false };
}

// ---------------------------------------------------------------------------------------------
// Layouts: ours is NCHW with OIHW weights, tfjs is NHWC with HWIO filters.

function permute4(data: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  const inStrides = [shape[1] * shape[2] * shape[3], shape[2] * shape[3], shape[3], 1];
  const outShape = perm.map((p) => shape[p]);
  const s = perm.map((p) => inStrides[p]);
  const out = new Float32Array(data.length);
  let o = 0;
  for (let a = 0; a < outShape[0]; a++) {
    for (let b = 0; b < outShape[1]; b++) {
      for (let c = 0; c < outShape[2]; c++) {
        const base = a * s[0] + b * s[1] + c * s[2];
        for (let d = 0; d < outShape[3]; d++) out[o++] = data[base + d * s[3]];
      }
    }
  }
  return out;
}
const NCHW_TO_NHWC = [0, 2, 3, 1];
const NHWC_TO_NCHW = [0, 3, 1, 2];
const OIHW_TO_HWIO = [2, 3, 1, 0];
const HWIO_TO_OIHW = [3, 2, 0, 1];

function shapeOf(shape: readonly number[], perm: readonly number[]): [number, number, number, number] {
  return [shape[perm[0]], shape[perm[1]], shape[perm[2]], shape[perm[3]]];
}

/** max |a - b| / max |a|, a being ours. */
function relativeDiff(ours: Float32Array, theirs: Float32Array): number {
  if (ours.length !== theirs.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ours.length; i++) {
    const d = Math.abs(ours[i] - theirs[i]);
    if (!(d <= diff)) diff = d; // NaN propagates
    scale = Math.max(scale, Math.abs(ours[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

// ---------------------------------------------------------------------------------------------
// Cases

interface ConvShape {
  cin: number;
  h: number;
  w: number;
  cout: number;
  k: number;
  stride: number;
  pad: number;
  note?: string;
}

type Op = 'forward' | 'input grad' | 'weight grad' | 'max pool';
type Impl = 'ours' | 'tfjs-cpu' | 'tfjs-wasm' | 'ort-1t' | 'ort-default';
const PEERS: Impl[] = ['tfjs-cpu', 'tfjs-wasm', 'ort-1t', 'ort-default'];

interface Case {
  op: Op;
  shape: string;
  note?: string;
  /** FLOPs (2 x MACs) for convolutions, comparisons for max pooling. */
  work: number;
  unit: 'GFLOP/s' | 'Gcmp/s';
  /** Ours: the result (NCHW / OIHW) and a call to time. */
  ours: { result: Float32Array; run: () => unknown };
  /** A peer: a call to time and its result in our layout, or null when it has no such kernel. */
  peers: Partial<Record<Impl, () => Promise<PeerRun | string>>>;
}

interface PeerRun {
  result: Float32Array;
  run: () => unknown;
  dispose: () => void;
}

interface Row {
  op: Op;
  shape: string;
  note?: string;
  impl: Impl;
  work: number;
  unit: string;
  timing?: Timing;
  diff?: number;
  ok: boolean;
  /** Why there is no number: the peer lacks the kernel, or it failed. */
  na?: string;
}

const EXPLICIT = (p: number): [[number, number], [number, number], [number, number], [number, number]] => [[0, 0], [p, p], [p, p], [0, 0]];

async function useTfBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (tf.getBackend() !== name) {
    if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} failed to initialize`);
  }
  await tf.ready();
}

function tfBackendOf(impl: Impl): 'cpu' | 'wasm' {
  return impl === 'tfjs-cpu' ? 'cpu' : 'wasm';
}

/** Runs a tfjs computation, reads its result back and frees it. */
function tfRun(compute: () => tf.Tensor): Float32Array {
  const y = compute();
  const data = y.dataSync() as Float32Array;
  y.dispose();
  return data;
}

function tfPeer(impl: Impl, kernel: string | null, setup: () => { inputs: tf.Tensor[]; compute: () => tf.Tensor; toOurs: (d: Float32Array) => Float32Array }): () => Promise<PeerRun | string> {
  return async () => {
    const backend = tfBackendOf(impl);
    await useTfBackend(backend);
    if (kernel && !tf.getKernel(kernel, backend)) return `n/a (no ${kernel} kernel)`;
    const { inputs, compute, toOurs } = setup();
    return {
      result: toOurs(tfRun(compute)),
      run: () => tfRun(compute),
      dispose: () => inputs.forEach((t) => t.dispose()),
    };
  };
}

function ortPeer(impl: Impl, model: Uint8Array, feeds: Record<string, Tensor>): () => Promise<PeerRun> {
  return async () => {
    const options: ort.InferenceSession.SessionOptions =
      impl === 'ort-1t'
        ? { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' }
        : { executionMode: 'sequential', graphOptimizationLevel: 'all' };
    const session = await ort.InferenceSession.create(model, options);
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, [...t.shape]);
    const run = async () => (await session.run(ortFeeds)).Y.data as Float32Array;
    return { result: await run(), run, dispose: () => void session.release() };
  };
}

function shapeLabel(s: ConvShape): string {
  return `${s.cin}x${s.h}x${s.w} → ${s.cout}, k${s.k} s${s.stride} p${s.pad}`;
}

function convCases(s: ConvShape, withBackward: boolean, seed: number): Case[] {
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
      ours: { result: y.data, run: () => conv2d(x, w, opts) },
      peers: {
        'tfjs-cpu': tfPeer('tfjs-cpu', null, () => fwd()),
        'tfjs-wasm': tfPeer('tfjs-wasm', null, () => fwd()),
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
      ours: { result: dx.data, run: () => cpuBackend.conv2dBackwardInput(dy, w, info) },
      peers: {
        'tfjs-cpu': tfPeer('tfjs-cpu', tf.Conv2DBackpropInput, bwdInput),
        'tfjs-wasm': tfPeer('tfjs-wasm', tf.Conv2DBackpropInput, bwdInput),
      },
    },
    {
      op: 'weight grad',
      shape: label,
      work: 2 * macs,
      unit: 'GFLOP/s',
      ours: { result: dw.data, run: () => cpuBackend.conv2dBackwardFilter(x, dy, info) },
      peers: {
        'tfjs-cpu': tfPeer('tfjs-cpu', tf.Conv2DBackpropFilter, bwdFilter),
        'tfjs-wasm': tfPeer('tfjs-wasm', tf.Conv2DBackpropFilter, bwdFilter),
      },
    },
  );
  return cases;
}

function maxPoolCase(c: number, h: number, wd: number, k: number, stride: number, seed: number): Case {
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
    ours: { result: y.data, run: () => maxPool2d(x, { kernelSize: k, stride }) },
    peers: {
      'tfjs-cpu': tfPeer('tfjs-cpu', null, setup),
      'tfjs-wasm': tfPeer('tfjs-wasm', null, setup),
      'ort-1t': ortPeer('ort-1t', model, { X: x }),
      'ort-default': ortPeer('ort-default', model, { X: x }),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reporting

function rate(row: Row): number | undefined {
  return row.timing ? row.work / (row.timing.ms * 1e6) : undefined;
}

function fmt(v: number | undefined, digits = 2): string {
  if (v === undefined) return '—';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(digits);
}

function fmtMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(4);
}

function fmtRatio(r: number): string {
  return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
}

const IMPL_TITLE: Record<Impl, string> = {
  ours: 'ours',
  'tfjs-cpu': 'tfjs-cpu',
  'tfjs-wasm': 'tfjs-wasm',
  'ort-1t': 'ORT 1 thread',
  'ort-default': 'ORT default threads',
};

/** ours speed / peer speed = peer ms / our ms: above 1, we are faster. */
function ratio(ours: Row, peer: Row): number | undefined {
  return ours.timing && peer.timing ? peer.timing.ms / ours.timing.ms : undefined;
}

function summaryTable(rows: Row[], caseKeys: string[]): string {
  const lines = [
    '| op | shape (Cin×H×W → Cout) | ours ms | ours rate | tfjs-cpu | tfjs-wasm | ORT 1 thread | ORT default threads |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const key of caseKeys) {
    const group = rows.filter((r) => `${r.op}|${r.shape}` === key);
    const ours = group.find((r) => r.impl === 'ours');
    if (!ours) continue;
    const cells = PEERS.map((impl) => {
      const peer = group.find((r) => r.impl === impl);
      if (!peer) return '—';
      if (!peer.timing) return peer.na ?? 'n/a';
      const fail = peer.ok ? '' : ' **DISAGREES**';
      return `${fmt(rate(peer))} (ours ${fmtRatio(ratio(ours, peer) ?? NaN)})${fail}`;
    });
    const shape = ours.note ? `${ours.shape} (${ours.note})` : ours.shape;
    lines.push(`| ${ours.op} | ${shape} | ${ours.timing ? fmtMs(ours.timing.ms) : '—'} | ${fmt(rate(ours))} ${ours.unit} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function detailTable(rows: Row[]): string {
  const lines = [
    '| op | shape | impl | median ms | rate | calls timed | ours ÷ it (speed) | max rel. diff vs ours | agrees |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const ours = rows.find((r) => r.impl === 'ours' && r.op === row.op && r.shape === row.shape);
    const t = row.timing;
    const calls = t ? `${t.calls}${t.cold ? ' (no warm-up)' : ''}` : '—';
    const r = ours && row.impl !== 'ours' ? ratio(ours, row) : undefined;
    const diff = row.impl === 'ours' ? 'reference' : row.diff === undefined ? '—' : row.diff.toExponential(1);
    const agrees = row.impl === 'ours' ? '' : row.na && row.diff === undefined ? (row.ok ? 'n/a' : '**FAIL**') : row.ok ? 'pass' : '**FAIL**';
    lines.push(
      `| ${row.op} | ${row.shape} | ${IMPL_TITLE[row.impl]} | ${t ? fmtMs(t.ms) : row.na ?? '—'} | ${t ? `${fmt(rate(row))} ${row.unit}` : '—'} | ${calls} | ${r === undefined ? '' : fmtRatio(r)} | ${diff} | ${agrees} |`,
    );
  }
  return lines.join('\n');
}

function versionOf(pkg: string): string {
  return (require(`${pkg}/package.json`) as { version: string }).version;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const started = new Date();
  tfWasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  tf.env().set('DEBUG', false);
  await useTfBackend('wasm');
  const wasmSimd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const wasmThreadsSupported = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const wasmBinary = wasmSimd && wasmThreadsSupported ? 'tfjs-backend-wasm-threaded-simd.wasm' : wasmSimd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  const wasmThreads = tfWasm.getThreadsCount();
  await useTfBackend('cpu');

  const cpus = os.cpus();
  const header = [
    `Run of ${started.toISOString()}, command \`npm run bench\` in packages/core/bench.`,
    '',
    `- Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} logical CPUs (os.availableParallelism() = ${os.availableParallelism()}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.arch()} ${os.release()}`,
    `- Node ${process.version}, V8 ${process.versions.v8}`,
    '- @convstudio/core: this checkout, from source through tsx; plain TypeScript, one thread',
    `- @tensorflow/tfjs-backend-cpu ${versionOf('@tensorflow/tfjs-backend-cpu')} (tfjs-core ${versionOf('@tensorflow/tfjs-core')}): plain JS, one thread`,
    `- @tensorflow/tfjs-backend-wasm ${versionOf('@tensorflow/tfjs-backend-wasm')}: ${wasmBinary} (SIMD ${wasmSimd ? 'yes' : 'no'}; multithreading ${wasmThreadsSupported ? 'yes' : 'not supported in Node'}), default threads setting, XNNPACK threads = ${wasmThreads}`,
    `- onnxruntime-node ${versionOf('onnxruntime-node')}, CPU execution provider, one-node model with X and W as graph inputs: "ORT 1 thread" = intraOpNumThreads 1, interOpNumThreads 1; "ORT default threads" = intraOpNumThreads unset (ORT picks one per physical core)`,
    `- Timing: median of samples after warm-up, about ${BUDGET_MS} ms per measurement (at most ${CAP_MS} ms); calls slower than ${SLOW_MS} ms get no separate warm-up and at most ${MIN_SAMPLES} calls within ${CAP_MS} ms`,
    '- Rates: GFLOP/s = 2 × MACs / time, MACs = N·Cout·Hout·Wout·Cin·kH·kW for the forward pass and for each gradient; max pooling counts comparisons, (kH·kW − 1) per output (Gcmp/s)',
    `- "ours N×" = peer time / our time (above 1: we are faster); agreement: max |ours − peer| / max |ours| < ${TOLERANCE}`,
  ].join('\n');
  console.log(header);
  console.log('');

  const shapes: (ConvShape & { backward?: boolean })[] = [
    { cin: 3, h: 224, w: 224, cout: 64, k: 11, stride: 4, pad: 2, note: 'AlexNet conv1' },
    { cin: 64, h: 56, w: 56, cout: 64, k: 3, stride: 1, pad: 1, backward: true },
    { cin: 256, h: 14, w: 14, cout: 256, k: 3, stride: 1, pad: 1 },
    { cin: 1, h: 28, w: 28, cout: 2, k: 5, stride: 1, pad: 0, note: 'worked example' },
    { cin: 128, h: 28, w: 28, cout: 128, k: 1, stride: 1, pad: 0 },
  ];
  const cases: Case[] = [];
  shapes.forEach((s, i) => cases.push(...convCases(s, s.backward ?? false, 100 * (i + 1))));
  // Order: forward shapes first, then the backward pair, then pooling.
  cases.sort((a, b) => Number(a.op !== 'forward') - Number(b.op !== 'forward'));
  cases.push(maxPoolCase(64, 56, 56, 3, 3, 900));

  const rows: Row[] = [];
  const caseKeys: string[] = [];
  for (const c of cases) {
    caseKeys.push(`${c.op}|${c.shape}`);
    const base = { op: c.op, shape: c.shape, note: c.note, work: c.work, unit: c.unit };
    const oursRow: Row = { ...base, impl: 'ours', ok: true, timing: await measure(c.ours.run) };
    rows.push(oursRow);
    console.log(`${c.op.padEnd(11)} ${c.shape.padEnd(32)} ${'ours'.padEnd(19)} ${fmtMs(oursRow.timing!.ms).padStart(9)} ms ${fmt(rate(oursRow)).padStart(7)} ${c.unit}`);
    for (const impl of PEERS) {
      const make = c.peers[impl];
      if (!make) continue;
      const row: Row = { ...base, impl, ok: true };
      try {
        const peer = await make();
        if (typeof peer === 'string') {
          row.na = peer;
        } else {
          try {
            row.diff = relativeDiff(c.ours.result, peer.result);
            row.ok = row.diff < TOLERANCE;
            row.timing = await measure(peer.run);
          } finally {
            peer.dispose();
          }
        }
      } catch (error) {
        row.ok = false;
        row.na = `error: ${(error as Error).message.split('\n')[0]}`;
      }
      rows.push(row);
      const r = ratio(oursRow, row);
      const status = row.na ?? `${fmtMs(row.timing!.ms).padStart(9)} ms ${fmt(rate(row)).padStart(7)} ${c.unit}  ours ${fmtRatio(r ?? NaN).padStart(7)}  diff ${row.diff!.toExponential(1)} ${row.ok ? 'pass' : 'FAIL'}`;
      console.log(`${''.padEnd(11)} ${''.padEnd(32)} ${IMPL_TITLE[impl].padEnd(19)} ${status}`);
    }
  }

  // Targets of the benchmark issue.
  const ratioTo = (op: Op, shapePrefix: string | null, impl: Impl): { shape: string; r: number | undefined }[] =>
    caseKeys
      .filter((k) => k.startsWith(`${op}|`) && (shapePrefix === null || k.includes(shapePrefix)))
      .map((k) => {
        const group = rows.filter((r) => `${r.op}|${r.shape}` === k);
        const ours = group.find((r) => r.impl === 'ours')!;
        const peer = group.find((r) => r.impl === impl);
        return { shape: ours.shape, r: peer ? ratio(ours, peer) : undefined };
      });
  const fwd = ratioTo('forward', null, 'tfjs-cpu');
  const fwdMet = fwd.every((x) => x.r !== undefined && x.r >= 2);
  const dwRatio = ratioTo('weight grad', '64x56x56', 'tfjs-cpu')[0]?.r;
  const targets = [
    `- Forward ≥ 2× tfjs-cpu on every shape: **${fwdMet ? 'met' : 'not met'}** (${fwd.map((x) => `${x.shape}: ${x.r === undefined ? 'n/a' : fmtRatio(x.r)}`).join('; ')})`,
    `- Weight gradient ≥ 100× tfjs-cpu on 64x56x56: **${dwRatio !== undefined && dwRatio >= 100 ? 'met' : 'not met'}** (${dwRatio === undefined ? 'n/a' : fmtRatio(dwRatio)})`,
  ].join('\n');

  const failures = rows.filter((r) => !r.ok);
  const markdown = [
    header,
    '',
    '### Summary: peer rate (our speed ratio to it)',
    '',
    summaryTable(rows, caseKeys),
    '',
    '### Targets',
    '',
    targets,
    '',
    '### All measurements',
    '',
    detailTable(rows),
    '',
    failures.length === 0 ? 'All peers agree with ours.' : `**${failures.length} disagreement(s) or error(s)**: ${failures.map((f) => `${f.op} ${f.shape} ${f.impl}`).join('; ')}`,
    '',
  ].join('\n');

  const outFile = resolve(process.env.BENCH_OUT ?? join(here, 'results', 'latest.md'));
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, markdown);
  console.log('');
  console.log(markdown);
  console.log(`Written to ${outFile}`);
  if (failures.length > 0) {
    console.error(`FAILED: ${failures.length} peer result(s) disagree with ours or errored.`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
