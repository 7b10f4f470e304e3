import { beforeAll, describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpu/index.js';
import { wasmKernels } from '../wasm/load.js';
import { cpuThreads, startCpuThreads } from '../wasm/thread-pool.js';
import { goldenFiles } from './fixtures.js';
import { conformanceCases } from './index.js';

describe('conformance: cpu backend', () => {
  it('has golden fixtures for every op with a backward pass', () => {
    const ops = goldenFiles.map((f) => f.op);
    for (const op of ['conv2d', 'convTranspose2d', 'upConvolution', 'maxPool2d', 'avgPool2d', 'globalAvgPool2d', 'relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear', 'softmax', 'logSoftmax', 'crossEntropy', 'normalize']) {
      expect(ops).toContain(op);
    }
  });

});

// Both forward convolution paths and both matrix multiplies run the whole suite: 'auto' picks
// one per shape and host, so each is forced once to keep the other from hiding behind it. The
// two-thread backends split even the suite's tiny convolutions (minParallelWork 0), so every
// kernel's task split runs on two threads.
const backends = [
  createCpuBackend({ convStrategy: 'gemm', kernels: 'js' }),
  createCpuBackend({ convStrategy: 'direct', kernels: 'js' }),
  createCpuBackend({ convStrategy: 'gemm', kernels: 'wasm', threads: 1 }),
  createCpuBackend({ convStrategy: 'direct', kernels: 'wasm', threads: 1 }),
  createCpuBackend({ convStrategy: 'gemm', kernels: 'wasm', threads: 2, minParallelWork: 0 }),
  createCpuBackend({ convStrategy: 'direct', kernels: 'wasm', threads: 2, minParallelWork: 0 }),
];
for (const backend of backends) {
  describe(`conformance: ${backend.name} backend`, () => {
    if (backend.name.includes('-wasm')) {
      // The backend under test must be the one asked for, not a quiet fallback.
      it('has the WebAssembly SIMD kernels loaded', () => expect(wasmKernels()).toBeDefined());
    }
    if (backend.name.endsWith('-2threads')) {
      beforeAll(() => startCpuThreads(2));
      it('runs on two threads', () => expect(cpuThreads().threads).toBe(2));
    }
    for (const c of conformanceCases()) {
      it(c.name, () => c.run(backend));
    }
  });
}
