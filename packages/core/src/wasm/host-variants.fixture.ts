/**
 * Run by host-variants.test.ts in child Nodes with other hosts' features: --experimental-wasm-relaxed-simd
 * (Node 20 ships relaxed SIMD behind that flag; the kernels then pick the fused multiply-add
 * variant), and NO_SHARED_ARRAY_BUFFER=1, which removes the global before the kernels load (a host
 * without SharedArrayBuffer, like a page that is not cross-origin isolated: the unshared module,
 * one thread; V8's flag for it would also break tsx, which needs Atomics). Runs the whole conformance suite
 * on the WebAssembly configurations, two-thread ones included, and prints which variant ran, on
 * how many threads, the failed cases, and the worst error against the TypeScript reference.
 */
import { createCpuBackend } from '../cpu/index.js';
import { computeConv2dInfo } from '../conv-info.js';
import { randn } from '../tensor.js';
import { conformanceCases } from '../testing/index.js';
import { wasmKernels } from './load.js';
import { cpuThreads, startCpuThreads } from './thread-pool.js';

if (process.env.NO_SHARED_ARRAY_BUFFER) delete (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer;
const threads = await startCpuThreads(2);

const wasm = createCpuBackend({ kernels: 'wasm' });
const js = createCpuBackend({ kernels: 'js' });
let worst = 0;
for (const [xs, ws, padding] of [[[2, 8, 19, 17], [12, 8, 3, 3], 1], [[1, 1, 28, 28], [2, 1, 5, 5], 0]] as const) {
  const x = randn(xs, { seed: 1 });
  const w = randn(ws, { seed: 2 });
  const info = computeConv2dInfo('conv2d', x.shape, w.shape, { padding });
  const dy = randn([xs[0], ws[0], info.outHeight, info.outWidth], { seed: 3 });
  const pairs = [
    [wasm.conv2d(x, w, undefined, info), js.conv2d(x, w, undefined, info)],
    [wasm.conv2dBackwardInput(dy, w, info), js.conv2dBackwardInput(dy, w, info)],
    [wasm.conv2dBackwardFilter(x, dy, info), js.conv2dBackwardFilter(x, dy, info)],
  ];
  for (const [a, b] of pairs) {
    let scale = 1;
    for (const v of b.data) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < a.size; i++) worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]) / scale);
  }
}
const failures: string[] = [];
const configurations = [
  createCpuBackend({ convStrategy: 'gemm', kernels: 'wasm', threads: 1 }),
  createCpuBackend({ convStrategy: 'direct', kernels: 'wasm', threads: 1 }),
  createCpuBackend({ convStrategy: 'gemm', kernels: 'wasm', threads: 2, minParallelWork: 0 }),
];
for (const backend of configurations) {
  for (const c of conformanceCases()) {
    try {
      await c.run(backend);
    } catch (error) {
      failures.push(`${backend.name}: ${c.name}: ${(error as Error).message}`);
    }
  }
}
const k = wasmKernels();
console.log(JSON.stringify({ variant: k?.variant, shared: k?.shared, threads, reason: cpuThreads().reason, worst, failures }));
