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
 * package's typed error, whose message the studio shows while it stays on the CPU.
 */
export function loadGpuBackend(): Promise<LoadedGpu> {
  loading ??= (async () => {
    const { createGpuBackend } = await import('@convstudio/gpu');
    const backend = await createGpuBackend({ gpu: navigator.gpu });
    return { backend, adapter: backend.adapterName };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}
