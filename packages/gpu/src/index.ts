/**
 * @convstudio/gpu: core's Backend in WGSL compute shaders. Tensors stay on the GPU between
 * layers; only what is read (`await tensor.read()`) comes back. Imports nothing Node-only, so
 * the same module runs in browsers, Web Workers, Electron and (given a GPU object) Node.
 */
import { openDevice, type GpuDeviceOptions } from './device.js';
import { type GpuBackend, type GpuBackendOptions, gpuBackendOn } from './gpu-backend.js';

export { GpuUnavailableError } from './device.js';
export type { GpuUnavailableReason, GpuAdapterSummary, GpuDeviceOptions } from './device.js';
export type { GpuBackend, GpuBackendOptions, GpuDeviceLostInfo } from './gpu-backend.js';
export type { SubmitMode } from './recorder.js';
export type { GpuMemoryInfo } from './buffers.js';

/** Options of {@link createGpuBackend}. */
export type CreateGpuBackendOptions = GpuDeviceOptions & GpuBackendOptions;

/**
 * Opens a WebGPU device and returns the backend, or rejects with a {@link GpuUnavailableError}
 * (reason and message for the UI) when there is no WebGPU, no adapter or no device.
 *
 * @example
 * // Browser, Web Worker or Electron renderer: navigator.gpu is used.
 * const gpu = await createGpuBackend();
 * // Node: pass a GPU object from the `webgpu` package.
 * import { create } from 'webgpu';
 * const gpu = await createGpuBackend({ gpu: create([]) });
 * gpu.onDeviceLost(() => setBackend(cpuBackend));
 */
export async function createGpuBackend(options: CreateGpuBackendOptions = {}): Promise<GpuBackend> {
  const { gpu, device, adapter } = await openDevice(options);
  return gpuBackendOn(gpu, device, adapter, options);
}
