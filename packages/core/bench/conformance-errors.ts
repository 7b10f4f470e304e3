/**
 * The worst errors of the CPU backends over the whole conformance suite: every PyTorch golden
 * case, every optimizer case and every finite-difference check, on the TypeScript kernels and on
 * the WebAssembly kernels (each with both forward convolution paths, the WebAssembly ones on one
 * and on two threads). The suite's bounds (src/testing/compare.ts) are set from these numbers;
 * src/testing/README.md quotes them. Takes about a minute; needs no peer installed.
 *
 *   npx tsx packages/core/bench/conformance-errors.ts     # from the repository root
 *
 * Writes results/conformance-errors.md beside this script (BENCH_OUT overrides).
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startBenchRun, writeReport } from '@convstudio/bench-meta';

import { createCpuBackend, startCpuThreads, stopCpuThreads } from '../src/index.ts';
import { SURVEY_TABLE_HEADER, surveyErrors, surveyRows } from '../src/testing/index.ts';
import { wasmKernelsReady } from '../src/wasm/load.ts';

const benchRun = startBenchRun({ code: ['packages/core/src', 'packages/core/assembly'] });
if (!(await wasmKernelsReady())) throw new Error('conformance-errors: the WebAssembly kernels did not load');
const threads = await startCpuThreads(2);
if (threads !== 2) throw new Error(`conformance-errors: 2 threads asked for, ${threads} started`);

const families = {
  'TypeScript (cpu-*-js)': [createCpuBackend({ convStrategy: 'gemm', kernels: 'js' }), createCpuBackend({ convStrategy: 'direct', kernels: 'js' })],
  'WebAssembly (cpu-*-wasm-*)': [
    createCpuBackend({ convStrategy: 'gemm', kernels: 'wasm', threads: 1 }),
    createCpuBackend({ convStrategy: 'direct', kernels: 'wasm', threads: 1 }),
    createCpuBackend({ convStrategy: 'gemm', kernels: 'wasm', threads: 2, minParallelWork: 0 }),
    createCpuBackend({ convStrategy: 'direct', kernels: 'wasm', threads: 2, minParallelWork: 0 }),
  ],
};

const rows: string[] = [];
const names: string[] = [];
for (const [family, backends] of Object.entries(families)) {
  const surveys = [];
  for (const backend of backends) {
    console.log(`surveying ${backend.name}`);
    surveys.push(await surveyErrors(backend));
    names.push(backend.name);
  }
  rows.push(...surveyRows(family, surveys));
}
stopCpuThreads();

const markdown = [
  '# Worst errors of the CPU backends over the conformance suite',
  '',
  ...benchRun.headerLines(),
  `- Backends: ${names.join(', ')}`,
  '',
  ...SURVEY_TABLE_HEADER,
  ...rows,
  '',
  benchRun.loadLine(),
  '',
].join('\n');
writeReport(markdown, dirname(fileURLToPath(import.meta.url)), 'conformance-errors.md');
