/**
 * WebGPU in Node through Dawn (the `webgpu` package), set up once for every implementation of
 * the process: one GPU object, exposed as `navigator.gpu` for the browser libraries (tfjs,
 * onnxruntime-web), with every adapter request recorded so the report can show that all of them
 * got the same adapter.
 */
import { create, globals } from 'webgpu';

/** Where Debian's Chromium keeps SwiftShader's Vulkan driver manifest: the CPU "GPU". */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface AdapterRequest {
  /** A stack-derived hint at who asked (ours, tfjs, onnxruntime-web). */
  caller: string;
  name: string;
}

export interface NodeWebGpu {
  gpu: GPU;
  /** Every `requestAdapter` answered so far, in order. */
  requests: AdapterRequest[];
}

/** "vendor architecture, device (description)", the adapter's name as WebGPU states it. */
export function adapterName(info: GPUAdapterInfo): string {
  const parts = [info.vendor, info.architecture].filter(Boolean).join(' ');
  const device = info.device ? `, ${info.device}` : '';
  const description = info.description ? ` (${info.description})` : '';
  return `${parts || 'unknown adapter'}${device}${description}`;
}

function callerOf(stack: string | undefined): string {
  if (!stack) return 'unknown';
  if (stack.includes('onnxruntime-web')) return 'onnxruntime-web';
  if (stack.includes('tfjs-backend-webgpu')) return 'tfjs-backend-webgpu';
  if (stack.includes('/packages/gpu/src/')) return '@convstudio/gpu';
  return 'bench';
}

/**
 * onnxruntime-web 1.30's WebGPU EP (Dawn's C++ EP compiled to WebAssembly) writes uniforms
 * straight from its shared WebAssembly memory; Dawn for Node refuses views of a
 * SharedArrayBuffer ("Invalid argument"), browsers accept them. Copying such a view first is
 * what a browser does internally anyway; it costs a few hundred bytes per dispatch.
 */
function acceptSharedMemoryWrites(): void {
  const queue = (globals as unknown as { GPUQueue: { prototype: GPUQueue } }).GPUQueue.prototype;
  const writeBuffer = queue.writeBuffer;
  queue.writeBuffer = function (this: GPUQueue, buffer: GPUBuffer, offset: number, data: BufferSource, dataOffset?: number, size?: number) {
    const copy = ArrayBuffer.isView(data) && data.buffer instanceof SharedArrayBuffer ? (data as Uint8Array).slice() : data;
    return writeBuffer.call(this, buffer, offset, copy, dataOffset, size);
  } as GPUQueue['writeBuffer'];
}

/** Creates the process's one GPU object and exposes it as `navigator.gpu`. */
export function installNodeWebGpu(): NodeWebGpu {
  process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
  Object.assign(globalThis, globals);
  acceptSharedMemoryWrites();
  const gpu = create([]);
  const requests: AdapterRequest[] = [];
  const requestAdapter = gpu.requestAdapter.bind(gpu);
  gpu.requestAdapter = async (options?: GPURequestAdapterOptions) => {
    const caller = callerOf(new Error().stack);
    const adapter = await requestAdapter(options);
    requests.push({ caller, name: adapter ? adapterName(adapter.info) : 'none' });
    return adapter;
  };
  // Node 20 has no navigator; tfjs and onnxruntime-web look for navigator.gpu.
  const navigator = { gpu, userAgent: `Node.js ${process.version}`, hardwareConcurrency: 2, language: 'en-US' };
  Object.defineProperty(globalThis, 'navigator', { value: navigator, configurable: true, writable: true });
  return { gpu, requests };
}

/** Copies `count` floats of a storage buffer back through a MAP_READ buffer. */
export async function readBuffer(device: GPUDevice, buffer: GPUBuffer, count: number): Promise<Float32Array> {
  const staging = device.createBuffer({ label: 'bench.readback', size: count * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder({ label: 'bench.readback' });
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, count * 4);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const values = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  return values;
}
