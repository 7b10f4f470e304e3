// Test-only: the one place that imports the Node `webgpu` package (Dawn). The library itself
// never does, so it bundles for browsers and workers unchanged.
import { create } from 'webgpu';
import { createGpuBackend, type GpuBackend, GpuUnavailableError } from './index.js';

/**
 * Whether the environment says this is CI: any non-empty CI other than `0` or `false` (CI
 * services set `true`, some `1`; `CI=1` used to skip the suite where `CI=true` failed it).
 */
export function isCi(env: { CI?: string } = process.env): boolean {
  const v = (env.CI ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

/** The backend under test, or why there is none. */
export type GpuSetup = { backend: GpuBackend; skipReason?: undefined } | { backend?: undefined; skipReason: string };

let shared: Promise<GpuSetup> | undefined;

/**
 * Opens Dawn's WebGPU (SwiftShader's CPU Vulkan in CI: vitest.config.ts sets VK_ICD_FILENAMES
 * before Dawn starts). No adapter fails the run in CI ({@link isCi}); elsewhere the suite is skipped
 * with the reason printed, never passed silently.
 */
export function gpuForTests(): Promise<GpuSetup> {
  shared ??= (async (): Promise<GpuSetup> => {
    try {
      const backend = await createGpuBackend({ gpu: create([]) });
      const a = backend.adapter;
      console.info(`webgpu tests on: ${[a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ') || 'unnamed adapter'} (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'})`);
      return { backend };
    } catch (error) {
      if (!(error instanceof GpuUnavailableError)) throw error;
      if (isCi()) throw new Error(`CI needs a WebGPU adapter for the gpu tests: ${error.message}`);
      const skipReason = `no WebGPU adapter (${error.reason}): ${error.message}`;
      console.warn(`SKIPPED @convstudio/gpu tests: ${skipReason}`);
      return { skipReason };
    }
  })();
  return shared;
}
