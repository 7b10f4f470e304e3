import type { Backend } from '@convstudio/core';

/** A WebGPU backend and the adapter it runs on, as the studio shows it. */
export interface LoadedGpu {
  backend: Backend;
  adapter: string;
}

let loading: Promise<LoadedGpu> | undefined;

/**
 * Creates the WebGPU backend once per worker. `@convstudio/gpu` is imported on first use, so
 * CPU-only sessions never load it. A failure (no `navigator.gpu`, no adapter) rejects with the
 * package's typed `GpuUnavailableError`, whose message the studio shows while it goes back to
 * the CPU. A lost device is forgotten, so the next WebGPU run opens a new one.
 */
export function loadGpuBackend(): Promise<LoadedGpu> {
  loading ??= (async () => {
    const { createGpuBackend } = await import('@convstudio/gpu');
    const backend = await createGpuBackend();
    backend.onDeviceLost(() => (loading = undefined));
    const { description, vendor, architecture } = backend.adapter;
    return { backend, adapter: description || [vendor, architecture].filter(Boolean).join(' ') || 'WebGPU adapter' };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}
