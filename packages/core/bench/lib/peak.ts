/**
 * The arithmetic ceilings the conv benchmark's rates are read against, measured on this machine
 * (fma-peak.ts prints them all; conv-bench.ts uses the one-thread figures):
 *
 * - "AVX2 FMA": fma-peak.c (12 chains of 256-bit fused multiply-adds), when a C compiler is here.
 *   This is the machine's FMA peak the issue speaks of. "AVX-512 FMA": the same with 512-bit
 *   vectors, where the CPU has them; native libraries (onnxruntime, PyTorch) can use it.
 * - "wasm SIMD mul+add": the same chains in WebAssembly SIMD128 as f32x4.mul then f32x4.add, which is
 *   what our kernels can issue in Node 20 (no fused multiply-add in SIMD128).
 * - "wasm relaxed madd": f32x4.relaxed_madd, which V8 lowers to a 128-bit FMA; Node 20 has it only
 *   behind --experimental-wasm-relaxed-simd (the npm script passes it), so it is a ceiling for
 *   hosts with relaxed SIMD (Chrome 114+, Node 22+), not for ours today.
 *
 * Each runs on one thread, then on as many threads as there are cores at once (worker threads).
 */
import asc from 'assemblyscript/asc';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const ITERS = Number(process.env.PEAK_ITERS ?? 200_000_000);
const CHAINS = 12;

// acc = acc * m + d on 12 independent f32x4 chains: enough in flight to cover the latency, so the
// loop runs at the core's throughput. 8 FLOP per chain step (4 lanes, multiply and add).
// `p` walks a small L1-resident buffer for the kernel-shaped variant, acc += load(p) * m, where
// only the add is on the chain (as in the GEMM's micro-kernel).
export function source(step: (acc: string, i: number) => string): string {
  const accs = Array.from({ length: CHAINS }, (_, i) => `a${i}`);
  return `
const buffer = memory.data(512);
export function run(iters: i32): f32 {
  const m = f32x4.splat(0.9999999); const d = f32x4.splat(1e-7);
  ${accs.map((a, i) => `let ${a} = f32x4.splat(${i}.0);`).join(' ')}
  for (let k = 0; k < iters; k++) {
    const p = buffer + ((<usize>k & 7) << 4);
    ${accs.map((a, i) => `${a} = ${step(a, i)};`).join(' ')}
  }
  let s = f32x4.splat(0); ${accs.map((a) => `s = f32x4.add(s, ${a});`).join(' ')}
  return f32x4.extract_lane(s, 0);
}`;
}

/**
 * The module's bytes, copied onto an ArrayBuffer of their own: asc types its output as a view of
 * any buffer (`Uint8Array<ArrayBufferLike>`), and `WebAssembly.validate` and `WebAssembly.Module`
 * take a `BufferSource`, which a view of a SharedArrayBuffer is not.
 */
export async function compile(code: string, relaxed: boolean): Promise<Uint8Array<ArrayBuffer>> {
  const flags = { optimizeLevel: 3, runtime: 'stub', noAssert: true, enable: relaxed ? ['simd', 'relaxed-simd'] : ['simd'] };
  const { binary, error, stderr } = await asc.compileString(code, flags as never);
  if (error || !binary) throw new Error(`asc: ${error?.message}\n${stderr.toString()}`);
  return new Uint8Array(binary);
}

// A worker instantiates the module, warms it up, waits for the start signal, runs and reports
// seconds. V8 first runs WebAssembly in its baseline compiler (Liftoff) and swaps in optimized code
// only for later calls, never inside a running one: hence many short calls, warm-up included.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { exports } = new WebAssembly.Instance(new WebAssembly.Module(workerData.bytes), {});
const CALL = 100000;
for (let i = 0; i < 2000; i++) exports.run(CALL);
parentPort.postMessage('ready');
parentPort.once('message', () => {
  const t0 = performance.now();
  for (let done = 0; done < workerData.iters; done += CALL) exports.run(CALL);
  parentPort.postMessage((performance.now() - t0) / 1000);
});`;

/** GFLOP/s of `threads` copies running at once, summed. */
export async function measure(bytes: Uint8Array, threads: number): Promise<number> {
  const workers = Array.from({ length: threads }, () => new Worker(WORKER, { eval: true, workerData: { bytes, iters: ITERS } }));
  await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
  const seconds = await Promise.all(workers.map((w) => { const done = new Promise<number>((r) => w.once('message', r)); w.postMessage('go'); return done; }));
  await Promise.all(workers.map((w) => w.terminate()));
  return seconds.reduce((sum, s) => sum + (ITERS * CHAINS * 8) / s / 1e9, 0);
}

/** GFLOP/s of `threads` concurrent copies of fma-peak.c in `mode` (avx2 or avx512), summed; or why not. */
export function nativePeak(threads: number, mode: 'avx2' | 'avx512' = 'avx2'): number | string {
  try {
    const exe = join(mkdtempSync(join(os.tmpdir(), 'fma-peak-')), 'fma-peak');
    execFileSync('cc', ['-O2', join(here, 'fma-peak.c'), '-o', exe]);
    // Concurrent copies: a shell runs them side by side and prints one line each.
    const out = execFileSync('sh', ['-c', Array.from({ length: threads }, () => `${exe} ${mode} ${ITERS * 4} &`).join(' ') + ' wait']).toString();
    if (out.includes('n/a')) return 'n/a (CPU lacks it)';
    return out.trim().split('\n').reduce((sum, line) => sum + parseFloat(line), 0);
  } catch (error) {
    return `n/a (${(error as Error).message.split('\n')[0]})`;
  }
}

/** WebAssembly SIMD128 mul+add, GEMM-shaped: a product of a loaded vector, added to the chain. */
export const MUL_ADD_STEP = (a: string, i: number) => `f32x4.add(${a}, f32x4.mul(v128.load(p, ${16 * i}), m))`;

/** The same with relaxed SIMD's fused multiply-add. */
export const MADD_STEP = (a: string, i: number) => `f32x4.relaxed_madd(v128.load(p, ${16 * i}), m, ${a})`;

/**
 * The ceilings the conv benchmark reads its rates against: AVX2 and AVX-512 FMA (or why not), and
 * the GEMM-shaped WebAssembly ceiling of the variant our kernels run (mul+add, or relaxed SIMD's
 * fused multiply-add), on one thread, and AVX2 and WebAssembly on two threads at once.
 */
export async function benchCeilings(relaxed: boolean): Promise<{ fma: number | string; fma512: number | string; wasm: number; fma2: number | string; wasm2: number }> {
  const kernel = await compile(source(relaxed ? MADD_STEP : MUL_ADD_STEP), relaxed);
  return {
    fma: nativePeak(1),
    fma512: nativePeak(1, 'avx512'),
    wasm: await measure(kernel, 1),
    fma2: nativePeak(2),
    wasm2: await measure(kernel, 2),
  };
}
