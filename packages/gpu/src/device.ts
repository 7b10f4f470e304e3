/** Why no GPU backend could be made; the studio shows `message` and stays on the CPU. */
export type GpuUnavailableReason = 'no-webgpu' | 'no-adapter' | 'device-request-failed';

/**
 * No usable WebGPU device. A typed error at the boundary, so the studio can tell the user why
 * and keep working on the CPU backend.
 *
 * @example
 * try { backend = await createGpuBackend() } catch (e) { if (e instanceof GpuUnavailableError) showBanner(e.message) }
 */
export class GpuUnavailableError extends Error {
  constructor(
    /** A stable code for the UI: no `navigator.gpu`, no adapter, or the device request failed. */
    readonly reason: GpuUnavailableReason,
    message: string,
  ) {
    super(message);
    this.name = 'GpuUnavailableError';
  }
}

/** What the adapter says about itself, for the studio's status line and test logs. */
export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a software (CPU-emulated) adapter such as SwiftShader: correct but slow. */
  isFallbackAdapter: boolean;
}

/** Options of {@link createGpuBackend} that choose the device. */
export interface GpuDeviceOptions {
  /**
   * The WebGPU entry point. Defaults to `navigator.gpu` (browsers, Web Workers, Electron); in
   * Node pass one, e.g. `create([])` from the `webgpu` package.
   */
  gpu?: GPU;
  powerPreference?: GPUPowerPreference;
}

function describeAdapter(adapter: GPUAdapter): GpuAdapterSummary {
  const info = adapter.info;
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    isFallbackAdapter: Boolean((info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter),
  };
}

/** Finds an adapter and opens a device with the adapter's storage-buffer limits, or throws {@link GpuUnavailableError}. */
export async function openDevice(options: GpuDeviceOptions): Promise<{ gpu: GPU; device: GPUDevice; adapter: GpuAdapterSummary }> {
  const gpu = options.gpu ?? (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) {
    throw new GpuUnavailableError('no-webgpu', 'WebGPU is not available here (no navigator.gpu); in Node pass { gpu } from the `webgpu` package. Staying on the CPU backend.');
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  } catch (error) {
    throw new GpuUnavailableError('no-adapter', `WebGPU found no adapter (${error instanceof Error ? error.message : String(error)}). Staying on the CPU backend.`);
  }
  if (!adapter) {
    throw new GpuUnavailableError('no-adapter', 'WebGPU found no adapter: the GPU may be blocklisted or its driver missing. Staying on the CPU backend.');
  }
  const limits = adapter.limits;
  try {
    const device = await adapter.requestDevice({
      label: 'convstudio',
      requiredLimits: {
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
      },
    });
    return { gpu, device, adapter: describeAdapter(adapter) };
  } catch (error) {
    throw new GpuUnavailableError('device-request-failed', `The GPU adapter refused a device (${error instanceof Error ? error.message : String(error)}). Staying on the CPU backend.`);
  }
}
