/**
 * Benchmark of @convstudio/core's conv2d (forward, input gradient, weight gradient) and max pooling
 * against @tensorflow/tfjs-backend-cpu, @tensorflow/tfjs-backend-wasm, onnxruntime-web (wasm execution
 * provider, 1 and 2 threads) and onnxruntime-node, in one
 * process and one run. Every peer's result is checked against ours before it is timed; a
 * disagreement makes the process exit non-zero.
 *
 *   cd packages/core/bench && ONNXRUNTIME_NODE_INSTALL=skip npm ci && npm run bench
 *   npm run bench:relaxed   # the same with relaxed SIMD enabled in Node 20 (a V8 flag), as Node 22+ has it
 *
 * Knobs (environment): BENCH_BUDGET_MS (time per measurement, default 1000),
 * BENCH_CAP_MS (most time one measurement may take, default 10000), BENCH_OUT (results file,
 * default results/latest.md beside this script), BENCH_PEERS (comma-separated peers to run, of
 * ours-js, tfjs-cpu, tfjs-wasm, ortweb-1t, ortweb-2t, ort-1t, ort-default; default all).
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startCpuThreads } from '../src/index.ts';
import { wasmKernels, wasmKernelsReady } from '../src/wasm/load.ts';
import { type ConvShape, convCases, maxPoolCase } from './lib/conv-cases.ts';
import { startBenchRun, writeReport } from '@convstudio/bench-meta';

import { versionOf } from './lib/machine.ts';
import { benchCeilings } from './lib/peak.ts';
import { ORT_WEB_DIST, ORT_WEB_VERSION, stopOrtWebWorker, workerRoundTripMs } from './lib/peers/onnxruntime-web.ts';
import { initTfWasm } from './lib/peers/tfjs.ts';
import { detailTable, summaryTable, targetsText } from './lib/report.ts';
import { runCase } from './lib/run-case.ts';
import { BUDGET_MS, CAP_MS, MIN_SAMPLES, SLOW_MS } from '@convstudio/bench-meta/timing';
import { type Case, PEERS, type Row, TOLERANCE } from './lib/types.ts';

const here = dirname(fileURLToPath(import.meta.url));

const SHAPES: (ConvShape & { backward?: boolean })[] = [
  { cin: 3, h: 224, w: 224, cout: 64, k: 11, stride: 4, pad: 2, note: 'AlexNet conv1' },
  { cin: 64, h: 56, w: 56, cout: 64, k: 3, stride: 1, pad: 1, backward: true },
  { cin: 256, h: 14, w: 14, cout: 256, k: 3, stride: 1, pad: 1 },
  { cin: 1, h: 28, w: 28, cout: 2, k: 5, stride: 1, pad: 0, note: 'worked example' },
  { cin: 128, h: 28, w: 28, cout: 128, k: 1, stride: 1, pad: 0 },
];

async function main(): Promise<void> {
  const started = new Date();
  const benchRun = startBenchRun({ code: ['packages/core/src', 'packages/core/assembly'] });
  const wasm = await initTfWasm();
  const variant = (await wasmKernelsReady()) ? wasmKernels()!.variant : undefined;
  const ours = variant
    ? `WebAssembly kernels (src/wasm), ${variant === 'relaxed' ? 'relaxed SIMD (fused multiply-add)' : 'SIMD128 (mul + add)'}, one thread`
    : 'TypeScript kernels (WebAssembly did not load)';
  const threads = await startCpuThreads(2);
  if (threads !== 2) console.warn(`only ${threads} thread(s) started: the "ours, 2 threads" column runs on ${threads}`);
  const ceilings = await benchCeilings(variant === 'relaxed');
  const roundTrip = PEERS.includes('ortweb-2t') ? await workerRoundTripMs() : undefined;
  const fmtCeiling = (v: number | string) => (typeof v === 'number' ? `${v.toFixed(1)} GFLOP/s` : v);

  const header = [
    `Run of ${started.toISOString()}, command \`npm run bench\` in packages/core/bench.`,
    '',
    ...benchRun.headerLines(),
    `- @convstudio/core ("ours"): this checkout, from source through tsx, cpu backend \`createCpuBackend({ threads: 1 })\`: ${ours}. "ours, 2 threads": \`createCpuBackend({ threads: 2 })\` after \`await startCpuThreads(2)\` (${threads} started): the caller and one worker thread on a shared memory. "ours, TypeScript": the same ops on \`createCpuBackend({ kernels: 'js' })\`, the reference kernels`,
    `- Ceilings, measured at the start (lib/peak.ts; \`npm run fma-peak\` prints them all): one thread: AVX2 FMA peak (fma-peak.c) ${fmtCeiling(ceilings.fma)}; AVX-512 FMA peak ${fmtCeiling(ceilings.fma512)}; WebAssembly ${variant === 'relaxed' ? 'relaxed madd' : 'SIMD128 mul+add'}, GEMM-shaped ("wasm ceiling") ${fmtCeiling(ceilings.wasm)}. Two threads at once, summed: AVX2 FMA ${fmtCeiling(ceilings.fma2)}; wasm ceiling ${fmtCeiling(ceilings.wasm2)}`,
    `- @tensorflow/tfjs-backend-cpu ${versionOf('@tensorflow/tfjs-backend-cpu')} (tfjs-core ${versionOf('@tensorflow/tfjs-core')}): plain JS, one thread`,
    `- @tensorflow/tfjs-backend-wasm ${versionOf('@tensorflow/tfjs-backend-wasm')}: ${wasm.binary} (SIMD ${wasm.simd ? 'yes' : 'no'}; multithreading ${wasm.threadsSupported ? 'yes' : 'not supported in Node'}), default threads setting, XNNPACK threads = ${wasm.threads}`,
    `- onnxruntime-web ${ORT_WEB_VERSION}, wasm execution provider (ort-wasm-simd-threaded.wasm: SIMD128, loaded from ${ORT_WEB_DIST}), same one-node models as ORT below: "ORT-web wasm 1 thread" = env.wasm.numThreads 1, in the benchmark's thread; "ORT-web wasm 2 threads" = env.wasm.numThreads 2 (pthreads on SharedArrayBuffer, Node worker_threads), in one worker thread, as numThreads is fixed per module instance: each timed call includes a message round trip to that worker${roundTrip === undefined ? '' : ` (an empty one: ${(roundTrip * 1000).toFixed(0)} µs median)`}`,
    `- onnxruntime-node ${versionOf('onnxruntime-node')}, CPU execution provider, one-node model with X and W as graph inputs: "ORT 1 thread" = intraOpNumThreads 1, interOpNumThreads 1; "ORT default threads" = intraOpNumThreads unset (ORT picks one per physical core)`,
    `- Timing: median of samples after warm-up, about ${BUDGET_MS} ms per measurement (at most ${CAP_MS} ms); calls slower than ${SLOW_MS} ms get no warm-up (their first call, whose result is checked, is timed) and only the calls that fit in ${CAP_MS} ms, at most ${MIN_SAMPLES}`,
    '- Rates: GFLOP/s = 2 × MACs / time, MACs = N·Cout·Hout·Wout·Cin·kH·kW for the forward pass and for each gradient; max pooling counts comparisons, (kH·kW − 1) per output (Gcmp/s)',
    `- "ours N×" = peer time / our time on as many threads (above 1: we are faster): one-thread peers against "ours", two-thread peers (ORT-web 2 threads, ORT default threads) against "ours, 2 threads"; agreement: max |ours − peer| / max |ours| < ${TOLERANCE}`,
  ].join('\n');
  console.log(header);
  console.log('');

  const cases: Case[] = [];
  SHAPES.forEach((s, i) => cases.push(...convCases(s, s.backward ?? false, 100 * (i + 1))));
  // Order: forward shapes first, then the backward pair, then pooling.
  cases.sort((a, b) => Number(a.op !== 'forward') - Number(b.op !== 'forward'));
  cases.push(maxPoolCase(64, 56, 56, 3, 3, 900));

  const rows: Row[] = [];
  const caseKeys: string[] = [];
  for (const c of cases) {
    caseKeys.push(`${c.op}|${c.shape}`);
    rows.push(...(await runCase(c)));
  }

  const failures = rows.filter((r) => !r.ok);
  const markdown = [
    header,
    '',
    '### Summary: peer rate (our speed ratio to it)',
    '',
    summaryTable(rows, caseKeys, ceilings),
    '',
    '### Targets',
    '',
    targetsText(rows, caseKeys),
    '',
    benchRun.loadLine(),
    '',
    '### All measurements',
    '',
    detailTable(rows),
    '',
    failures.length === 0 ? 'All peers agree with ours.' : `**${failures.length} disagreement(s) or error(s)**: ${failures.map((f) => `${f.op} ${f.shape} ${f.impl}`).join('; ')}`,
    '',
  ].join('\n');

  // The relaxed-SIMD run keeps its own file, so that running both leaves both.
  writeReport(markdown, here, variant === 'relaxed' ? 'relaxed-latest.md' : 'latest.md');
  if (failures.length > 0) {
    console.error(`FAILED: ${failures.length} peer result(s) disagree with ours or errored.`);
    process.exitCode = 1;
  }
  await stopOrtWebWorker();
}

main().catch(async (error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  await stopOrtWebWorker();
});
