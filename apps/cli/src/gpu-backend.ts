// `--backend gpu`: the one place the CLI touches WebGPU. Both packages load on first use, so a
// CPU run never reads Dawn's native module, and the CLI installs and runs where `webgpu` is absent
// (it is an optional peer dependency: see package.json).
import type { GpuBackend } from '@convstudio/gpu';
import process from 'node:process';
import { UserError } from './errors.js';

/** The WebGPU backend the CLI trains on, and how to name its adapter. */
export interface CliGpu {
  backend: GpuBackend;
  /** `google swiftshader, swiftshader-device-subzero- (SwiftShader driver 5.0.0)` */
  adapter: string;
  /** A CPU implementation of Vulkan (SwiftShader, llvmpipe): results are right, speed is not a GPU's. */
  software: boolean;
}

/** The part of the `webgpu` package (Dawn for Node) the CLI uses. */
export interface WebGpuModule {
  create(options: string[]): GPU;
}

/** Injectable for tests: how to load the `webgpu` package. */
export interface OpenGpuOptions {
  importWebgpu?: () => Promise<WebGpuModule>;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe/i;
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/**
 * Opens WebGPU through the `webgpu` package (Dawn), or throws a {@link UserError} that names
 * `--backend gpu` and what is missing: the package, or an adapter (a Vulkan driver). Never falls
 * back to the CPU: the user asked for the GPU.
 *
 * @example
 * const gpu = await openGpu();
 * try { await withBackend(gpu.backend, () => train(model, data, options)) } finally { gpu.backend.destroy() }
 */
export async function openGpu({ importWebgpu = () => import('webgpu') }: OpenGpuOptions = {}): Promise<CliGpu> {
  let webgpu: WebGpuModule;
  try {
    webgpu = await importWebgpu();
  } catch (error) {
    throw new UserError([
      `--backend gpu needs the \`webgpu\` package (Dawn for Node), which could not be loaded: ${firstLine(error)}`,
      'install it beside the CLI (npm install webgpu), or train with --backend cpu',
    ]);
  }
  const { createGpuBackend, GpuUnavailableError } = await import('@convstudio/gpu');
  let backend: GpuBackend;
  try {
    backend = await createGpuBackend({ gpu: webgpu.create([]) });
  } catch (error) {
    if (!(error instanceof GpuUnavailableError)) throw error;
    const icd = process.env.VK_ICD_FILENAMES ? ` (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES})` : '';
    throw new UserError([
      `--backend gpu: no WebGPU adapter${icd}: ${error.message.replace(/ Staying on the CPU backend\.$/, '')}`,
      `install a Vulkan driver for your GPU, or set VK_ICD_FILENAMES to SwiftShader's ICD (e.g. ${SWIFTSHADER_ICD}) to run WebGPU on the CPU; or train with --backend cpu`,
    ]);
  }
  const a = backend.adapter;
  const adapter = [[a.vendor, a.architecture].filter(Boolean).join(' '), a.device, a.description].filter(Boolean).join(', ') || 'an unnamed adapter';
  return { backend, adapter, software: a.isFallbackAdapter || SOFTWARE.test(adapter) };
}
