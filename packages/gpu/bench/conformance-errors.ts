/**
 * The worst errors of the WebGPU backend over the whole conformance suite of @convstudio/core
 * (every PyTorch golden case, every optimizer case, every finite-difference check), the numbers
 * the suite's `webgpu` bounds (core's src/testing/compare.ts) are set from. Runs in Node through
 * Dawn (the `webgpu` package); without VK_ICD_FILENAMES the adapter is SwiftShader, Vulkan on
 * the CPU. A few minutes on SwiftShader; needs no peer installed.
 *
 *   npx tsx --conditions=@convstudio/source packages/gpu/bench/conformance-errors.ts   # from the repository root
 *
 * Writes results/conformance-errors.md beside this script (BENCH_OUT overrides).
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startBenchRun, writeReport } from '@convstudio/bench-meta';
import { SURVEY_TABLE_HEADER, surveyErrors, surveyRows } from '@convstudio/core/testing';
import { createGpuBackend } from '@convstudio/gpu';

import { adapterName, installNodeWebGpu } from './lib/webgpu-node.ts';

const benchRun = startBenchRun({ code: ['packages/gpu/src', 'packages/core/src'] });
const { gpu } = installNodeWebGpu();
const backend = await createGpuBackend({ gpu });
console.log(`surveying ${backend.name} on ${adapterName(backend.adapter as unknown as GPUAdapterInfo)}`);
const survey = await surveyErrors(backend);
backend.trim();

const markdown = [
  '# Worst errors of the WebGPU backend over the conformance suite',
  '',
  ...benchRun.headerLines(),
  `- Adapter: ${adapterName(backend.adapter as unknown as GPUAdapterInfo)} (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'})`,
  '',
  ...SURVEY_TABLE_HEADER,
  ...surveyRows('WebGPU (webgpu)', [survey]),
  '',
  benchRun.loadLine(),
  '',
].join('\n');
writeReport(markdown, dirname(fileURLToPath(import.meta.url)), 'conformance-errors.md');
process.exit(0);
