/**
 * Where a training epoch of the MNIST CNN spends its time. One warm-up epoch, then one measured
 * epoch in which every call of the CPU backend is timed, keyed by kernel and operand shape (so
 * each layer's call is its own row), and the rest of the epoch is split into what is not a
 * kernel: the host yields between batches (`setTimeout`, timed from scheduling to firing), and
 * the remainder (op checks, shape math, the model's bookkeeping, batch slicing, tidy). Then the
 * kernels that dominated timed alone on the network's shapes, and what copying their operands
 * into and out of WebAssembly memory costs on its own. Backs the training notes in BENCHMARKS.md
 * and the thread threshold in src/cpu/index.ts.
 *
 *   cd packages/core/bench && npm run bench:profile -- [--threads 2] [--min-parallel-work 1048576] [--rows 24] [--limit 2000]
 *
 * `--limit` trains on fewer digits (loadMnist's `limit`: all 10,000 by default, 8,000 of them for
 * training) for a short run. Prints the tables and writes them, stamped with the commit, machine and
 * load, to bench/results/train-step-profile-<threads>t.md, one report per thread count (so a one- and
 * a two-thread run sit side by side; BENCHMARKS.md's training numbers cite these files).
 */
import { dirname } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBenchRun, writeReport } from '@convstudio/bench-meta';

import {
  type Backend, computePool2dInfo, createCpuBackend, createModel, loadMnist, mnistCnn, randn, startCpuThreads, train, wasmKernelsReady, withBackend,
} from '../src/index.ts';
import { Tensor } from '../src/tensor.ts';
import { wasmKernels } from '../src/wasm/load.ts';

const { values } = parseArgs({
  options: { threads: { type: 'string', default: '1' }, 'min-parallel-work': { type: 'string' }, rows: { type: 'string', default: '24' }, limit: { type: 'string' } },
});
const threads = Number(values.threads);
const minParallelWork = values['min-parallel-work'] === undefined ? undefined : Number(values['min-parallel-work']);
const rowCount = Number(values.rows);
const limit = values.limit === undefined ? undefined : Number(values.limit);
for (const [name, value] of [['threads', threads], ['min-parallel-work', minParallelWork], ['rows', rowCount], ['limit', limit]] as const) {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new Error(`train-step-profile: --${name} must be a positive integer, got ${String(value)}`);
}

interface Row {
  ms: number;
  calls: number;
}

function describeArgs(args: unknown[]): string {
  return args
    .filter((a): a is Tensor => a instanceof Tensor)
    .map((t) => t.shape.join('x') || 'scalar')
    .join(', ');
}

/** `backend` with every kernel's time summed by name and operand shapes into `totals`. */
function timed(backend: Backend, totals: Map<string, Row>): Backend {
  const out: Record<string, unknown> = { ...backend };
  for (const [name, kernel] of Object.entries(backend)) {
    if (typeof kernel !== 'function') continue;
    out[name] = (...args: unknown[]) => {
      const started = performance.now();
      const result = (kernel as (...a: unknown[]) => unknown)(...args);
      const ms = performance.now() - started;
      const key = `${name} (${describeArgs(args)})`;
      const row = totals.get(key) ?? { ms: 0, calls: 0 };
      row.ms += ms;
      row.calls++;
      totals.set(key, row);
      return result;
    };
  }
  return out as unknown as Backend;
}

/**
 * Patches the global setTimeout and setImmediate (whichever the core's `yieldToHost` uses) so
 * that the time from scheduling a callback to its firing adds to `yields.ms`.
 */
function timeYields(yields: Row): () => void {
  const originals = { setTimeout: globalThis.setTimeout, setImmediate: globalThis.setImmediate };
  const wrap = (callback: () => void) => {
    const scheduled = performance.now();
    return () => {
      yields.ms += performance.now() - scheduled;
      yields.calls++;
      callback();
    };
  };
  globalThis.setTimeout = ((callback: () => void, ms?: number) => originals.setTimeout(wrap(callback), ms)) as typeof setTimeout;
  globalThis.setImmediate = ((callback: () => void) => originals.setImmediate(wrap(callback))) as typeof setImmediate;
  return () => Object.assign(globalThis, originals);
}

/** Mean ms of `run` over 100 calls after 20 warm-up calls. */
function meanMs(run: () => unknown): number {
  for (let i = 0; i < 20; i++) run();
  const started = performance.now();
  for (let i = 0; i < 100; i++) run();
  return (performance.now() - started) / 100;
}

const fmt = (ms: number) => (ms / 1000).toFixed(3);
const share = (ms: number, of: number) => `${((100 * ms) / of).toFixed(1)}%`;

const benchRun = startBenchRun({ code: ['packages/core/src', 'packages/core/assembly'] });
// Collected for the report, which writeReport prints as well.
const lines: string[] = [];
const print = (...text: string[]) => lines.push(...text);

await wasmKernelsReady();
if (threads > 1) await startCpuThreads(threads);
const backend = createCpuBackend({ threads, minParallelWork });
const { train: data } = await loadMnist({ task: 'digits', seed: 0, ...(limit === undefined ? {} : { limit }) });
const options = { epochs: 1, batchSize: 32, optimizer: { kind: 'adam' as const, learningRate: 0.0015 } };

// Warm-up epoch (V8 tiers up, memory grows), untimed.
await withBackend(backend, () => train(createModel(mnistCnn()), { train: data }, options));

const totals = new Map<string, Row>();
const yields: Row = { ms: 0, calls: 0 };
const model = createModel(mnistCnn());
const restore = timeYields(yields);
// Garbage-collection pauses fall inside whichever call allocated when the heap filled up.
const gc: Row = { ms: 0, calls: 0 };
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.ms += entry.duration;
    gc.calls++;
  }
});
observer.observe({ entryTypes: ['gc'] });
const started = performance.now();
await withBackend(timed(backend, totals), () => train(model, { train: data }, options));
const epochMs = performance.now() - started;
restore();
await new Promise((resolve) => setTimeout(resolve, 10));
observer.disconnect();

const kernelMs = [...totals.values()].reduce((s, r) => s + r.ms, 0);
const byName = new Map<string, number>();
for (const [key, row] of totals) {
  const name = key.slice(0, key.indexOf(' '));
  byName.set(name, (byName.get(name) ?? 0) + row.ms);
}
print(
  `Second epoch of the MNIST CNN on ${data.size} digits, batch 32, ${threads} thread(s)${minParallelWork === undefined ? '' : `, minParallelWork ${minParallelWork}`}, ${wasmKernels()?.variant ?? 'no'} wasm: ${(epochMs / 1000).toFixed(2)} s`,
);
print('', '| where | s in the epoch | share |', '| --- | ---: | ---: |');
print(`| backend kernels (copies into and out of wasm included) | ${fmt(kernelMs)} | ${share(kernelMs, epochMs)} |`);
print(`| yields to the host between batches (${yields.calls}) | ${fmt(yields.ms)} | ${share(yields.ms, epochMs)} |`);
const rest = epochMs - kernelMs - yields.ms;
print(`| the rest: op checks, model bookkeeping, batch slicing, tidy, GC | ${fmt(rest)} | ${share(rest, epochMs)} |`);
print(`| of all the above: garbage-collection pauses (${gc.calls}) | ${fmt(gc.ms)} | ${share(gc.ms, epochMs)} |`);

print('', '| backend call | s in the epoch | share |', '| --- | ---: | ---: |');
for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1])) print(`| ${name} | ${fmt(ms)} | ${share(ms, epochMs)} |`);

print('', '| backend call (operand shapes) | calls | µs per call | s in the epoch | share |', '| --- | ---: | ---: | ---: | ---: |');
for (const [key, row] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, rowCount)) {
  print(`| ${key} | ${row.calls} | ${((1000 * row.ms) / row.calls).toFixed(0)} | ${fmt(row.ms)} | ${share(row.ms, epochMs)} |`);
}

// The network's first ReLU and pooling layer at batch 32: 32 x 8 x 28 x 28.
const reference = createCpuBackend({ kernels: 'js' });
const wasm = createCpuBackend({ kernels: 'wasm', threads: 1 });
const x = randn([32, 8, 28, 28], { seed: 1 });
const pool = computePool2dInfo('maxPool2d', x.shape, { kernelSize: 2 });
const dy = randn([32, 8, 14, 14], { seed: 2 });
print('', 'Mean of 100 calls after 20 warm-up calls:', '', '| kernel on 32x8x28x28 | TypeScript ms | WebAssembly ms (1 thread) |', '| --- | ---: | ---: |');
const rows: [string, (b: Backend) => unknown][] = [
  ['ReLU', (b) => b.activation('relu', x, 0)],
  ['ReLU gradient', (b) => b.activationBackward('relu', x, x, x, 0)],
  ['max pooling 2x2', (b) => b.maxPool2d(x, pool)],
  ['max pooling 2x2, gradient', (b) => b.maxPool2dBackward(dy, x, pool)],
];
for (const [name, run] of rows) print(`| ${name} | ${meanMs(() => run(reference)).toFixed(3)} | ${meanMs(() => run(wasm)).toFixed(3)} |`);

// What a wasm call pays for its operands alone: copying n floats in (set) and out (slice).
const memory = new Float32Array(x.size * 2);
print('', '| copy of 32x8x28x28 floats (200,704) | ms |', '| --- | ---: |');
print(`| into wasm-sized memory (Float32Array.set) | ${meanMs(() => memory.set(x.data, 0)).toFixed(3)} |`);
print(`| out of it (slice: allocation + copy) | ${meanMs(() => memory.slice(0, x.size)).toFixed(3)} |`);
print(`| a new zeroed Float32Array of that size | ${meanMs(() => new Float32Array(x.size)).toFixed(3)} |`);

const title = `# Training step profile, MNIST CNN, ${threads} thread(s)${limit === undefined ? '' : `, ${data.size} training digits (--limit ${limit})`}`;
const markdown = [title, '', ...benchRun.headerLines(), '', ...lines, '', benchRun.loadLine(), ''].join('\n');
writeReport(markdown, dirname(fileURLToPath(import.meta.url)), `train-step-profile-${threads}t.md`);
