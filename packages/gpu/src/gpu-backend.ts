import { type Backend, ConvStudioError, formatShape, Tensor } from '@convstudio/core';
import { tensorVersion } from '@convstudio/core/backend';
import { BufferPool, GpuStorage, type GpuMemoryInfo } from './buffers.js';
import type { GpuAdapterSummary } from './device.js';
import { BufferUsage, MAP_READ_MODE } from './gpu-constants.js';
import { conv2d, conv2dBackwardFilter, conv2dBackwardInput, matMul } from './kernels/conv2d.js';
import type { KernelContext } from './kernels/context.js';
import { activation, activationBackward, adamStep, add, addChannelBias, concat, sgdStep, split, sumToChannels } from './kernels/elementwise.js';
import { normalize, normalizeBackward } from './kernels/normalize.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './kernels/pool.js';
import { softmax, softmaxBackward } from './kernels/softmax.js';
import {
  channelMoments, channelNormalize, channelNormalizeBackward, classLoss, classLossBackward, dropout, localResponseNorm, localResponseNormBackward, scaleAdd,
} from './kernels/new-layers.js';
import { type Dispatch, dispatch, pipelineCount } from './program.js';
import { CommandRecorder, type SubmitMode } from './recorder.js';

/** Why the device went away, as WebGPU reports it. */
export interface GpuDeviceLostInfo {
  reason: 'destroyed' | 'unknown';
  message: string;
}

/** The WebGPU backend: core's Backend plus memory, events and lifetime. */
export interface GpuBackend extends Backend {
  readonly name: 'webgpu';
  readonly device: GPUDevice;
  readonly adapter: GpuAdapterSummary;
  /** True once the device is lost or destroyed; every kernel then throws. */
  readonly isLost: boolean;
  /** Buffer counts: live (held by tensors), pooled (free for reuse) and cached uploads. */
  memory(): GpuMemoryInfo;
  /** Pipelines compiled so far; shapes never add one (they are uniforms). */
  pipelineCount(): number;
  /**
   * Calls `listener` once when the device is lost (driver reset, GPU removed, `destroy()`);
   * the caller then switches to the CPU backend. Returns an unsubscribe function.
   */
  onDeviceLost(listener: (info: GpuDeviceLostInfo) => void): () => void;
  /** Calls `listener` with every validation or out-of-memory error the device reports. */
  onError(listener: (error: Error) => void): () => void;
  /** Frees pooled buffers and cached uploads (live tensors stay). */
  trim(): void;
  /** Frees everything and destroys the device (raises the device-lost event with reason `destroyed`). */
  destroy(): void;
}

/** Options of the backend beyond choosing the device. */
export interface GpuBackendOptions {
  /** Bytes of CPU tensors (parameters) kept uploaded between calls; default 256 MiB. */
  uploadCacheBytes?: number;
  /**
   * `scope` (default): one command buffer per backend method, or per `batch` scope (core opens
   * one around a forward pass and a training step). `dispatch`: one submit per dispatch, as
   * before batching; for benchmarks that compare the two.
   */
  submitMode?: SubmitMode;
}

/** Uploads of one CPU array before it is cached (see uploadCpu). */
const CACHE_AFTER_SIGHTINGS = 2;

interface CachedUpload {
  buffer: GPUBuffer;
  version: number;
}

/**
 * Creates the backend on an open device; see createGpuBackend for getting one. `gpu` is held
 * for the backend's lifetime: Dawn for Node frees its instance when the GPU object is
 * garbage-collected while devices still poll it (a crash in `ProcessEvents`).
 */
export function gpuBackendOn(gpu: GPU, device: GPUDevice, adapter: GpuAdapterSummary, options: GpuBackendOptions = {}): GpuBackend {
  const limit = options.uploadCacheBytes ?? 256 * 2 ** 20;
  const pool = new BufferPool(device);
  const recorder = new CommandRecorder(device, options.submitMode);
  const busy = (buffer: GPUBuffer) => recorder.busy(buffer);
  const lostListeners = new Set<(info: GpuDeviceLostInfo) => void>();
  const errorListeners = new Set<(error: Error) => void>();
  // Uploads of CPU tensors seen more than once (parameters passed on every run), by their data.
  const uploads = new Map<Float32Array, CachedUpload>();
  const sightings = new WeakMap<Float32Array, number>();
  let uploadBytes = 0;
  let retired: GPUBuffer[] = [];
  let temporaries: GPUBuffer[] = [];
  let lost: GpuDeviceLostInfo | undefined;
  let pendingError: Error | undefined;
  let readbacks = 0;

  void device.lost.then((info) => {
    lost = { reason: info.reason === 'destroyed' ? 'destroyed' : 'unknown', message: info.message };
    for (const listener of lostListeners) listener(lost);
  });
  const onUncaptured = (event: Event) => {
    const error = new Error(`webgpu: ${(event as GPUUncapturedErrorEvent).error.message}`);
    pendingError ??= error;
    for (const listener of errorListeners) listener(error);
  };
  if (typeof device.addEventListener === 'function') device.addEventListener('uncapturederror', onUncaptured);
  else device.onuncapturederror = onUncaptured;

  const checkAlive = (op: string) => {
    if (lost) throw new ConvStudioError(op, 'device', `(webgpu) was lost: ${lost.message || lost.reason}; switch to the CPU backend`);
  };

  const storageOf = (t: Tensor, op: string, argument: string): GpuStorage | undefined => {
    if (!t.storage) return undefined;
    if (!(t.storage instanceof GpuStorage) || t.storage.owner !== backend) {
      throw new ConvStudioError(op, argument, `${formatShape(t.shape)} lives on another device (${t.device}); read it with \`await tensor.read()\` and pass the CPU tensor`);
    }
    if (!t.storage.buffer) throw new ConvStudioError(op, argument, `${formatShape(t.shape)} was disposed; it cannot be used any more`);
    return t.storage;
  };

  const newBuffer = (bytes: number, label: string) =>
    device.createBuffer({ label, size: Math.max(4, Math.ceil(bytes / 4) * 4), usage: BufferUsage.STORAGE | BufferUsage.COPY_DST | BufferUsage.COPY_SRC });

  const evict = () => {
    for (const [data, entry] of uploads) {
      if (uploadBytes <= limit) break;
      uploads.delete(data);
      uploadBytes -= entry.buffer.size;
      // Destroyed after the submit that ends this op or scope: pending commands may still bind it.
      retired.push(entry.buffer);
    }
  };

  const uploadCpu = (data: Float32Array, op: string, argument: string, version: number): GPUBuffer => {
    const cached = uploads.get(data);
    if (cached && cached.version === version) {
      uploads.delete(data);
      uploads.set(data, cached);
      return cached.buffer;
    }
    if (cached) {
      uploads.delete(data);
      uploadBytes -= cached.buffer.size;
      retired.push(cached.buffer);
    }
    const seenBefore = sightings.get(data) ?? 0;
    if (seenBefore < CACHE_AFTER_SIGHTINGS) {
      // A training batch is passed twice (forward, then the filter gradient) and never again;
      // a parameter passed on every run is seen a third time and earns a cache entry.
      sightings.set(data, seenBefore + 1);
      const buffer = pool.acquire(data.byteLength, `upload.${op}.${argument}`, busy);
      recorder.write(buffer, data);
      temporaries.push(buffer);
      return buffer;
    }
    const buffer = newBuffer(data.byteLength, `cached-upload.${op}.${argument}`);
    recorder.write(buffer, data);
    uploads.set(data, { buffer, version });
    uploadBytes += buffer.size;
    evict();
    return buffer;
  };

  const wrap = (buffer: GPUBuffer, shape: readonly number[]) => Tensor.fromDevice(new GpuStorage(buffer, shape.reduce((a, b) => a * b, 1), backend, pool, reader), shape);

  const ctx: KernelContext = {
    input(t, op, argument) {
      checkAlive(op);
      const storage = storageOf(t, op, argument);
      if (storage) return storage.buffer as GPUBuffer;
      return uploadCpu(t.data, op, argument, tensorVersion(t));
    },
    inPlace(t, op, argument) {
      checkAlive(op);
      const storage = storageOf(t, op, argument);
      if (!storage) {
        throw new ConvStudioError(op, argument, `${formatShape(t.shape)} is a CPU tensor, but webgpu updates parameters in place on the GPU; move them first with model.toBackend(backend)`);
      }
      return storage.buffer as GPUBuffer;
    },
    output(shape, label) {
      const buffer = pool.acquire(shape.reduce((a, b) => a * b, 1) * 4, label);
      return { tensor: wrap(buffer, shape), buffer };
    },
    temporary(values, label) {
      const buffer = pool.acquire(values.byteLength, label, busy);
      recorder.write(buffer, values);
      temporaries.push(buffer);
      return buffer;
    },
    scratch(count, label) {
      const buffer = pool.acquire(count * 4, label);
      temporaries.push(buffer);
      return buffer;
    },
    run(d: Dispatch) {
      dispatch(device, recorder, d);
    },
  };

  /**
   * Runs one backend method. Its temporaries and retired uploads are freed once its commands are
   * submitted: at the end of the method, or of the open `batch` scope.
   */
  const op = <T>(name: string, work: () => T): T => {
    checkAlive(name);
    try {
      return work();
    } finally {
      const used = temporaries;
      const old = retired;
      temporaries = [];
      retired = [];
      recorder.afterSubmit(() => {
        for (const buffer of used) pool.release(buffer);
        for (const buffer of old) buffer.destroy();
      });
      recorder.endOperation();
    }
  };

  const reader = {
    async readBuffer(buffer: GPUBuffer, count: number): Promise<Float32Array> {
      checkAlive('read');
      readbacks++;
      const bytes = Math.max(4, count * 4);
      const staging = device.createBuffer({ label: 'convstudio.readback', size: bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
      // The copy joins the pending commands (a read inside a scope ends its command buffer).
      recorder.copy(buffer, staging, bytes);
      recorder.submit();
      try {
        await staging.mapAsync(MAP_READ_MODE);
        const values = new Float32Array(staging.getMappedRange().slice(0, count * 4));
        staging.unmap();
        if (pendingError) {
          const error = pendingError;
          pendingError = undefined;
          throw error;
        }
        return values;
      } finally {
        staging.destroy();
      }
    },
  };

  const backend: GpuBackend & { readonly gpu: GPU } = {
    name: 'webgpu',
    gpu,
    device,
    adapter,
    get isLost() {
      return lost !== undefined;
    },
    conv2d: (x, weight, bias, info) => op('conv2d', () => conv2d(ctx, x, weight, bias, info)),
    conv2dBackwardInput: (dy, weight, info) => op('conv2dBackwardInput', () => conv2dBackwardInput(ctx, dy, weight, info)),
    conv2dBackwardFilter: (x, dy, info) => op('conv2dBackwardFilter', () => conv2dBackwardFilter(ctx, x, dy, info)),
    sumToChannels: (dy) => op('sumToChannels', () => sumToChannels(ctx, dy)),
    addChannelBias: (x, bias) => op('addChannelBias', () => addChannelBias(ctx, x, bias)),
    maxPool2d: (x, info) => op('maxPool2d', () => maxPool2d(ctx, x, info)),
    maxPool2dBackward: (dy, x, info) => op('maxPool2dBackward', () => maxPool2dBackward(ctx, dy, x, info)),
    avgPool2d: (x, info) => op('avgPool2d', () => avgPool2d(ctx, x, info)),
    avgPool2dBackward: (dy, info) => op('avgPool2dBackward', () => avgPool2dBackward(ctx, dy, info)),
    activation: (kind, x, alpha) => op(kind, () => activation(ctx, kind, x, alpha)),
    activationBackward: (kind, dy, x, y, alpha) => op(`${kind}Backward`, () => activationBackward(ctx, kind, dy, x, y, alpha)),
    matMul: (a, b, ta, tb) => op('matMul', () => matMul(ctx, a, b, ta, tb)),
    softmax: (x, axis, log) => op('softmax', () => softmax(ctx, x, axis, log)),
    softmaxBackward: (dy, y, axis, log) => op('softmaxBackward', () => softmaxBackward(ctx, dy, y, axis, log)),
    classLoss: (input, targets, options) => op('classLoss', () => classLoss(ctx, input, targets, options)),
    classLossBackward: (input, targets, dLoss, options) => op('classLossBackward', () => classLossBackward(ctx, input, targets, dLoss, options)),
    channelMoments: (x) => op('channelMoments', () => channelMoments(ctx, x)),
    channelNormalize: (x, mean, variance, gamma, beta, eps) => op('channelNormalize', () => channelNormalize(ctx, x, mean, variance, gamma, beta, eps)),
    channelNormalizeBackward: (dy, x, mean, variance, gamma, eps, through) =>
      op('channelNormalizeBackward', () => channelNormalizeBackward(ctx, dy, x, mean, variance, gamma, eps, through)),
    scaleAdd: (a, b, alpha, beta) => op('scaleAdd', () => scaleAdd(ctx, a, b, alpha, beta)),
    dropout: (x, p, seed) => op('dropout', () => dropout(ctx, x, p, seed)),
    localResponseNorm: (x, params) => op('localResponseNorm', () => localResponseNorm(ctx, x, params)),
    localResponseNormBackward: (dy, x, params) => op('localResponseNormBackward', () => localResponseNormBackward(ctx, dy, x, params)),
    normalize: (x, min, max, scope) => op('normalize', () => normalize(ctx, x, min, max, scope)),
    normalizeBackward: (dy, x, min, max, scope) => op('normalizeBackward', () => normalizeBackward(ctx, dy, x, min, max, scope)),
    add: (a, b) => op('add', () => add(ctx, a, b)),
    concat: (xs, axis) => op('concat', () => concat(ctx, xs, axis)),
    split: (x, sizes, axis) => op('split', () => split(ctx, x, sizes, axis)),
    sgdStep: (param, grad, velocity, options) => op('sgdStep', () => sgdStep(ctx, param, grad, velocity, options)),
    adamStep: (param, grad, m, v, options) => op('adamStep', () => adamStep(ctx, param, grad, m, v, options)),
    upload: (x) =>
      op('upload', () => {
        const storage = storageOf(x, 'upload', 'tensor');
        // A buffer filled by a queue write must be one no pending command uses.
        const buffer = pool.acquire(x.size * 4, 'upload', storage ? undefined : busy);
        if (storage) recorder.copy(storage.buffer as GPUBuffer, buffer, x.size * 4);
        else recorder.write(buffer, x.data);
        return wrap(buffer, x.shape);
      }),
    read: (x) => x.read(),
    batch: (work) => recorder.batch(work),
    memory: () => ({ ...pool.counts(), cachedUploads: uploads.size, cachedUploadBytes: uploadBytes, readbacks }),
    pipelineCount: () => pipelineCount(device),
    onDeviceLost(listener) {
      lostListeners.add(listener);
      if (lost) queueMicrotask(() => listener(lost as GpuDeviceLostInfo));
      return () => lostListeners.delete(listener);
    },
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    trim() {
      // Pooled buffers and cached uploads may be bound by pending commands: submit them first.
      recorder.submit();
      pool.trim();
      for (const { buffer } of uploads.values()) buffer.destroy();
      uploads.clear();
      uploadBytes = 0;
    },
    destroy() {
      backend.trim();
      device.destroy();
    },
  };
  return backend;
}
