/**
 * Benchmark of @convstudio/gpu's conv2d (forward, input gradient, weight gradient) against
 * @tensorflow/tfjs-backend-webgpu and onnxruntime-web's WebGPU execution provider, in one Node
 * process on one WebGPU adapter (Dawn, the `webgpu` package), on core's benchmark shapes. Every
 * result is checked against core's CPU backend before it is timed; a disagreement or an error
 * makes the process exit non-zero.
 *
 *   cd packages/gpu/bench && npm ci && npm run bench
 *
 * Without VK_ICD_FILENAMES the adapter is SwiftShader (Vulkan on the CPU); set it to a real
 * driver's manifest, or to an empty string, to use a GPU. Knobs: see lib/gpu-timing.ts;
 * BENCH_OUT (results file, default results/latest.md beside this script).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startBenchRun, writeReport } from '@convstudio/bench-meta';
import { createGpuBackend } from '@convstudio/gpu';

import { convCases, SHAPES } from './lib/conv-cases.ts';
import { BUDGET_MS, CAP_MS, MIN_ROUNDS, MIN_SAMPLE_MS } from './lib/gpu-timing.ts';
import { initOrtWeb, ortSetup } from './lib/peers/ort-webgpu.ts';
import { oursSetup } from './lib/peers/ours.ts';
import { initTfWebGpu, tfSetup } from './lib/peers/tfjs-webgpu.ts';
import { detailTable, summaryTable, targetText } from './lib/report.ts';
import { runCase } from './lib/run-case.ts';
import { type Row, TOLERANCE } from './lib/types.ts';
import { installNodeWebGpu } from './lib/webgpu-node.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** From node_modules directly: some packages do not export their package.json. */
const versionOf = (pkg: string) => (JSON.parse(readFileSync(join(here, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

async function main(): Promise<void> {
  const started = new Date();
  const benchRun = startBenchRun({ code: ['packages/gpu/src', 'packages/core/src'] });
  const { gpu, requests } = installNodeWebGpu();
  const ours = await createGpuBackend({ gpu });
  ours.onError((e) => console.error(`@convstudio/gpu device error: ${e.message}`));
  const tfBackend = await initTfWebGpu();
  initOrtWeb();
  const adapter = ours.adapter;
  const adapterLine = `${adapter.vendor} ${adapter.architecture}, ${adapter.device} (${adapter.description})${adapter.isFallbackAdapter ? ', a fallback (software) adapter' : ''}`;
  console.log(`Adapter: ${adapterLine}`);

  const header = [
    `Run of ${started.toISOString()}, command \`npm run bench\` in packages/gpu/bench.`,
    '',
    ...benchRun.headerLines(),
    `- WebGPU: Dawn for Node (\`webgpu\` ${versionOf('webgpu')}), VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES || '(unset)'}; adapter: **${adapterLine}**`,
    '- @convstudio/gpu: this checkout, from source through tsx',
    `- @tensorflow/tfjs-backend-webgpu ${versionOf('@tensorflow/tfjs-backend-webgpu')} (tfjs-core ${versionOf('@tensorflow/tfjs-core')}), default flags`,
    `- onnxruntime-web ${versionOf('onnxruntime-web')} (\`onnxruntime-web/webgpu\`, WebGPU EP, one wasm thread), a one-node model per case, operands and output in GPU buffers (IO binding)`,
    `- Timing: per case, every implementation warmed up by its checked call and one more (none more if a call takes over 2 s), then sampled in turns (ours, tfjs, ORT, ours, ...) for about ${BUDGET_MS} ms (at least ${MIN_ROUNDS} rounds, at most ${CAP_MS} ms); a sample enqueues calls for at least ${MIN_SAMPLE_MS} ms, then waits for the queue (onSubmittedWorkDone); median per call`,
    '- GFLOP/s = 2 × MACs / time, MACs = N·Cout·Hout·Wout·Cin·kH·kW, for each direction',
    `- "(N×)" = peer time / our time (above 1: we are faster; ◀ marks a loss); agreement: max |core CPU − impl| / max |core CPU| < ${TOLERANCE}`,
  ].join('\n');

  const setups = { ours: oursSetup(ours), 'tfjs-webgpu': tfSetup(tfBackend), 'ort-webgpu': ortSetup };
  const rows: Row[] = [];
  // BENCH_SHAPES=1,2: only those entries of SHAPES (0-based), for a quick look at one shape.
  const only = process.env.BENCH_SHAPES?.split(',').map(Number);
  for (const [i, shape] of SHAPES.entries()) {
    if (only && !only.includes(i)) continue;
    for (const c of convCases(shape, 100 * (i + 1))) rows.push(...(await runCase(c, setups)));
  }

  const names = [...new Set(requests.map((r) => r.name))];
  const adapters = `Adapter requests in this process: ${requests.map((r) => r.caller).join(', ')}; ${names.length === 1 ? `all answered by the same adapter, ${names[0]}` : `**different adapters**: ${names.join(' / ')}`}.`;
  const failures = rows.filter((r) => !r.ok);
  const markdown = [
    header,
    '',
    '### Summary: GFLOP/s (our speed ratio to the peer)',
    '',
    summaryTable(rows),
    '',
    targetText(rows),
    '',
    adapters,
    '',
    benchRun.loadLine(),
    '',
    '### All measurements',
    '',
    detailTable(rows),
    '',
    failures.length === 0 ? 'Every implementation agrees with core’s CPU backend.' : `**${failures.length} disagreement(s) or error(s)**: ${failures.map((f) => `${f.op} ${f.shape} ${f.impl}`).join('; ')}`,
    '',
  ].join('\n');
  writeReport(markdown, here);
  if (failures.length > 0) {
    console.error(`FAILED: ${failures.length} result(s) disagree with core's CPU or errored.`);
    process.exitCode = 1;
  }
  ours.destroy();
  // ORT's wasm runtime keeps the event loop alive.
  process.exit();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
