import { useEffect, useState } from 'react';

/** Whether the Train view may offer WebGPU, and if not, why (shown beside the disabled choice). */
export type WebGpuAvailability =
  | { status: 'checking' }
  | { status: 'available'; adapter: string }
  | { status: 'unavailable'; reason: string };

let probe: Promise<WebGpuAvailability> | undefined;

/**
 * Asks the page's WebGPU for an adapter, once per page: `navigator.gpu` alone does not mean a
 * GPU (Chromium exposes it, then finds no adapter on a blocklisted driver). The training worker
 * opens its own device; this only decides what the form offers.
 */
export function probeWebGpu(gpu: GPU | undefined = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu): Promise<WebGpuAvailability> {
  if (!gpu) return Promise.resolve({ status: 'unavailable', reason: 'this browser has no WebGPU (no navigator.gpu; it needs a recent Chromium and a page on https or localhost)' });
  probe ??= gpu.requestAdapter({ powerPreference: 'high-performance' }).then(
    (adapter): WebGpuAvailability => {
      if (!adapter) return { status: 'unavailable', reason: 'WebGPU found no adapter (the GPU may be blocklisted or its driver missing)' };
      const { vendor, architecture, description } = adapter.info;
      return { status: 'available', adapter: description || [vendor, architecture].filter(Boolean).join(' ') || 'WebGPU adapter' };
    },
    (error: unknown): WebGpuAvailability => ({ status: 'unavailable', reason: `WebGPU found no adapter (${error instanceof Error ? error.message : String(error)})` }),
  );
  return probe;
}

/** {@link probeWebGpu} as React state, asked once `enabled` (the Train view is open): `checking` until the adapter answers. */
export function useWebGpuAvailability(enabled = true): WebGpuAvailability {
  const [state, setState] = useState<WebGpuAvailability>({ status: 'checking' });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void probeWebGpu().then((result) => live && setState(result));
    return () => {
      live = false;
    };
  }, [enabled]);
  return state;
}
