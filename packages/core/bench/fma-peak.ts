/**
 * Prints the machine's arithmetic ceilings (see lib/peak.ts) at one thread and at one per core:
 * AVX2 and AVX-512 FMA (fma-peak.c), WebAssembly SIMD mul+add, and relaxed SIMD's 128-bit FMA.
 *
 *   cd packages/core/bench && npm run fma-peak
 */
import os from 'node:os';

import { MADD_STEP, MUL_ADD_STEP, compile, measure, nativePeak, source } from './lib/peak.ts';

async function main(): Promise<void> {
  const cores = os.cpus().length;
  const load = os.loadavg()[0];
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
  console.log(`${os.cpus()[0].model}, ${cores} cores, Node ${process.version} (V8 ${process.versions.v8}); 1-minute load at start ${load.toFixed(2)}`);
  console.log('');
  console.log('| threads | AVX2 FMA (fma-peak.c) | AVX-512 FMA (fma-peak.c) | wasm SIMD mul+add, chained | wasm SIMD mul+add, GEMM-shaped | wasm relaxed madd (128-bit FMA), GEMM-shaped |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.map(fmt).join(' | ')} |`);
  console.log('');
  console.log('GFLOP/s, summed over threads.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
