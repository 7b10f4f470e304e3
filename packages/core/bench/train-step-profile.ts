/**
 * Where a training epoch of the MNIST CNN spends its time: every call of the CPU backend timed
 * one by one over one epoch, then the kernels that dominated it timed alone on the network's
 * shapes, WebAssembly against the TypeScript reference. Backs the training notes in
 * BENCHMARKS.md and the thread threshold in src/cpu/index.ts.
 *
 *   cd packages/core/bench && npm run bench:profile -- [--threads 2] [--min-parallel-work 1048576]
 */
import { parseArgs } from 'node:util';

import {
  type Backend, computePool2dInfo, createCpuBackend, createModel, loadMnist, mnistCnn, randn, startCpuThreads, train, wasmKernelsReady, withBackend,
} from '../src/index.ts';

const { values } = parseArgs({ options: { threads: { type: 'string', default: '1' }, 'min-parallel-work': { type: 'string' } } });
const threads = Number(values.threads);
const minParallelWork = values['min-parallel-work'] === undefined ? undefined : Number(values['min-parallel-work']);

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

await wasmKernelsReady();
if (threads > 1) await startCpuThreads(threads);
const backend = createCpuBackend({ threads, minParallelWork });
const totals = new Map<string, number>();
const { train: data } = await loadMnist({ task: 'digits', seed: 0 });
const model = createModel(mnistCnn());
const started = performance.now();
await withBackend(timed(backend, totals), () => train(model, { train: data }, { epochs: 1, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.0015 } }));
const epochMs = performance.now() - started;
console.log(`One epoch of the MNIST CNN, batch 32, ${threads} thread(s)${minParallelWork === undefined ? '' : `, minParallelWork ${minParallelWork}`}: ${(epochMs / 1000).toFixed(2)} s`);
console.log('| backend call | s in the epoch | share |\n| --- | ---: | ---: |');
for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  console.log(`| ${name} | ${(ms / 1000).toFixed(3)} | ${((100 * ms) / epochMs).toFixed(1)}% |`);
}

// The network's first ReLU and pooling layer at batch 32: 32 x 8 x 28 x 28.
const reference = createCpuBackend({ kernels: 'js' });
const wasm = createCpuBackend({ kernels: 'wasm', threads: 1 });
const x = randn([32, 8, 28, 28], { seed: 1 });
const pool = computePool2dInfo('maxPool2d', x.shape, { kernelSize: 2 });
const dy = randn([32, 8, 14, 14], { seed: 2 });
console.log('\n| kernel on 32x8x28x28 | TypeScript ms | WebAssembly ms (1 thread) |\n| --- | ---: | ---: |');
const rows: [string, (b: Backend) => unknown][] = [
  ['ReLU', (b) => b.activation('relu', x, 0)],
  ['ReLU gradient', (b) => b.activationBackward('relu', x, x, x, 0)],
  ['max pooling 2x2', (b) => b.maxPool2d(x, pool)],
  ['max pooling 2x2, gradient', (b) => b.maxPool2dBackward(dy, x, pool)],
];
for (const [name, run] of rows) console.log(`| ${name} | ${meanMs(() => run(reference)).toFixed(3)} | ${meanMs(() => run(wasm)).toFixed(3)} |`);
