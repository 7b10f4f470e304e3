/**
 * Where a training epoch of the MNIST CNN spends its time: every call of the CPU backend timed
 * one by one over one epoch, then the kernels that dominated it timed alone on the network's
 * shapes, WebAssembly against the TypeScript reference. Backs the training notes in
 * BENCHMARKS.md and the thread threshold in src/cpu/index.ts.
 *
 *   cd packages/core/bench && npm run bench:profile -- [--threads 2] [--min-parallel-work 1048576] [--limit 2000]
 *
 * `--limit` trains on fewer digits (loadMnist's `limit`: all 10,000 by default, 8,000 of them for
 * training) for a short run. Prints the tables and writes them, stamped with the commit, machine and
 * load, to bench/results/train-step-profile-<threads>t.md, one report per thread count.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBenchRun, writeReport } from '@convstudio/bench-meta';

import {
  type Backend, computePool2dInfo, createCpuBackend, createModel, loadMnist, mnistCnn, randn, startCpuThreads, train, wasmKernelsReady, withBackend,
} from '../src/index.ts';

const { values } = parseArgs({ options: { threads: { type: 'string', default: '1' }, 'min-parallel-work': { type: 'string' }, limit: { type: 'string' } } });
const threads = Number(values.threads);
const minParallelWork = values['min-parallel-work'] === undefined ? undefined : Number(values['min-parallel-work']);
const limit = values.limit === undefined ? undefined : Number(values.limit);
for (const [name, value] of [['threads', threads], ['min-parallel-work', minParallelWork], ['limit', limit]] as const) {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new Error(`train-step-profile: --${name} must be a positive integer, got ${String(value)}`);
}

/** `backend` with every kernel's time summed by name into `totals`. */
function timed(backend: Backend, totals: Map<string, number>): Backend {
  const out: Record<string, unknown> = { ...backend };
  for (const [name, kernel] of Object.entries(backend)) {
    if (typeof kernel !== 'function') continue;
    out[name] = (...args: unknown[]) => {
      const started = performance.now();
      const result = (kernel as (...a: unknown[]) => unknown)(...args);
      totals.set(name, (totals.get(name) ?? 0) + performance.now() - started);
      return result;
    };
  }
  return out as unknown as Backend;
}

/** Mean ms of `run` over 100 calls after 20 warm-up calls. */
function meanMs(run: () => unknown): number {
  for (let i = 0; i < 20; i++) run();
  const started = performance.now();
  for (let i = 0; i < 100; i++) run();
  return (performance.now() - started) / 100;
}

const benchRun = startBenchRun({ code: ['packages/core/src', 'packages/core/assembly'] });
// Collected for the report, which writeReport also prints.
const lines: string[] = [];
const print = (...text: string[]) => lines.push(...text);

await wasmKernelsReady();
if (threads > 1) await startCpuThreads(threads);
const backend = createCpuBackend({ threads, minParallelWork });
const totals = new Map<string, number>();
const { train: data } = await loadMnist({ task: 'digits', seed: 0, ...(limit === undefined ? {} : { limit }) });
const model = createModel(mnistCnn());
const started = performance.now();
await withBackend(timed(backend, totals), () => train(model, { train: data }, { epochs: 1, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.0015 } }));
const epochMs = performance.now() - started;
print(
  `One epoch of the MNIST CNN on ${data.size} digits, batch 32, ${threads} thread(s)${minParallelWork === undefined ? '' : `, minParallelWork ${minParallelWork}`}: ${(epochMs / 1000).toFixed(2)} s`,
  '',
  '| backend call | s in the epoch | share |',
  '| --- | ---: | ---: |',
);
for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  print(`| ${name} | ${(ms / 1000).toFixed(3)} | ${((100 * ms) / epochMs).toFixed(1)}% |`);
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

const title = `# Training step profile, MNIST CNN, ${threads} thread(s)${limit === undefined ? '' : `, ${data.size} training digits (--limit ${limit})`}`;
const markdown = [title, '', ...benchRun.headerLines(), '', ...lines, '', benchRun.loadLine(), ''].join('\n');
writeReport(markdown, dirname(fileURLToPath(import.meta.url)), `train-step-profile-${threads}t.md`);
