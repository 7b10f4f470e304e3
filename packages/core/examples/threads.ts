// conv2d on one thread and on two: what the WebAssembly kernels give on this machine.
// Run: npm run example:threads -w @convstudio/core
import { computeConv2dInfo, cpuThreads, createCpuBackend, randn, startCpuThreads, wasmKernelsReady } from '@convstudio/core';

await wasmKernelsReady();
const threads = await startCpuThreads(2); // 1 where the host cannot share memory; cpuThreads().reason says why
const x = randn([1, 64, 56, 56], { seed: 1 });
const w = randn([64, 64, 3, 3], { seed: 2 });
const info = computeConv2dInfo('conv2d', x.shape, w.shape, { padding: 1 });
const flops = 2 * 64 * 56 * 56 * 64 * 9;

for (const count of [1, threads]) {
  const backend = createCpuBackend({ threads: count });
  for (let i = 0; i < 5; i++) backend.conv2d(x, w, undefined, info); // warm up: V8 optimizes later calls
  const started = performance.now();
  for (let i = 0; i < 20; i++) backend.conv2d(x, w, undefined, info);
  const ms = (performance.now() - started) / 20;
  console.log(`${count} thread${count === 1 ? ' ' : 's'}: ${ms.toFixed(2)} ms a call, ${(flops / ms / 1e6).toFixed(1)} GFLOP/s`);
}
console.log(cpuThreads());
