/**
 * Prints the machine's arithmetic ceilings (see lib/peak.ts) at one thread and at one per core:
 * AVX2 and AVX-512 FMA (fma-peak.c), WebAssembly SIMD mul+add, and relaxed SIMD's 128-bit FMA.
 *
 *   cd packages/core/bench && npm run fma-peak
 *
 * Writes the table, stamped with the commit, machine and load, to bench/results/fma-peak.md: the
 * conv benchmark's "% of peak" columns are read against these ceilings.
 */
import os from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun, writeReport } from '@convstudio/bench-meta';

import { MADD_STEP, MUL_ADD_STEP, compile, measure, nativePeak, source } from './lib/peak.ts';

async function main(): Promise<void> {
  const cores = os.cpus().length;
  // The timed code is the kernels of lib/peak.ts and fma-peak.c, not core's.
  const benchRun = startBenchRun({ code: ['packages/core/bench/lib/peak.ts', 'packages/core/bench/fma-peak.c', 'packages/core/bench/fma-peak.ts'] });
  const chained = await compile(source((a) => `f32x4.add(f32x4.mul(${a}, m), d)`), false);
  const mulAdd = await compile(source(MUL_ADD_STEP), false);
  const madd = await compile(source(MADD_STEP), true);
  const relaxedHere = WebAssembly.validate(madd);
  const rows: (number | string)[][] = [];
  for (const threads of [1, cores]) {
    rows.push([`${threads} thread(s)`, nativePeak(threads), nativePeak(threads, 'avx512'), await measure(chained, threads), await measure(mulAdd, threads)]);
    rows[rows.length - 1].push(relaxedHere ? await measure(madd, threads) : 'n/a (run with --experimental-wasm-relaxed-simd)');
  }
  const fmt = (v: number | string) => (typeof v === 'number' ? v.toFixed(1) : v);
  const markdown = [
    '# Arithmetic ceilings of this machine (FMA and WebAssembly SIMD peaks)',
    '',
    ...benchRun.headerLines(),
    '',
    '| threads | AVX2 FMA (fma-peak.c) | AVX-512 FMA (fma-peak.c) | wasm SIMD mul+add, chained | wasm SIMD mul+add, GEMM-shaped | wasm relaxed madd (128-bit FMA), GEMM-shaped |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.map(fmt).join(' | ')} |`),
    '',
    'GFLOP/s, summed over threads. A peak measured beside other jobs reads low: see the load below.',
    '',
    benchRun.loadLine(),
    '',
  ].join('\n');
  writeReport(markdown, dirname(fileURLToPath(import.meta.url)), 'fma-peak.md');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
