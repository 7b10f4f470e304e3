import type { DeviceStorage } from '@convstudio/core/backend';
import { BufferUsage } from './gpu-constants.js';

/** Counts of device memory, for the studio's status bar and for leak tests. */
export interface GpuMemoryInfo {
  /** Buffers held by tensors (not yet disposed). */
  liveBuffers: number;
  liveBytes: number;
  /** Freed buffers kept for reuse. */
  pooledBuffers: number;
  pooledBytes: number;
  /** Uploads of CPU tensors kept so that parameters passed on every run are sent once. */
  cachedUploads: number;
  cachedUploadBytes: number;
  /** Tensors read back to the host so far: a training step should add only its loss and logits. */
  readbacks: number;
}

const STORAGE_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

/**
 * Storage buffers recycled by exact byte size: a training loop asks for the same sizes every
 * step, so after the first step it allocates nothing. A freed buffer may be handed out while
 * pending commands still use it: commands recorded later run after them in the same command
 * buffer, and a queue write into it submits the pending commands first or takes another buffer
 * (see CommandRecorder and `acquire`'s `avoid`).
 */
export class BufferPool {
  readonly #device: GPUDevice;
  readonly #free = new Map<number, GPUBuffer[]>();
  #live = 0;
  #liveBytes = 0;
  #pooled = 0;
  #pooledBytes = 0;
  #serial = 0;

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /**
   * A storage buffer of at least `bytes` (4 minimum: WebGPU refuses empty bindings). `avoid`
   * skips free buffers that must not be taken, e.g. ones that pending (unsubmitted) commands
   * still use when the caller is about to fill the buffer with a queue write.
   */
  acquire(bytes: number, label: string, avoid?: (buffer: GPUBuffer) => boolean): GPUBuffer {
    const size = Math.max(4, Math.ceil(bytes / 4) * 4);
    const list = this.#free.get(size);
    let index = (list?.length ?? 0) - 1;
    if (list && avoid) while (index >= 0 && avoid(list[index])) index--;
    const reused = list && index >= 0 ? list.splice(index, 1)[0] : undefined;
    this.#live++;
    this.#liveBytes += size;
    if (reused) {
      this.#pooled--;
      this.#pooledBytes -= size;
      reused.label = label;
      return reused;
    }
    return this.#device.createBuffer({ label: `${label}#${++this.#serial}`, size, usage: STORAGE_USAGE });
  }

  /** Returns a buffer for reuse. */
  release(buffer: GPUBuffer): void {
    this.#live--;
    this.#liveBytes -= buffer.size;
    this.#pooled++;
    this.#pooledBytes += buffer.size;
    const list = this.#free.get(buffer.size);
    if (list) list.push(buffer);
    else this.#free.set(buffer.size, [buffer]);
    buffer.label = 'convstudio.pool.free';
  }

  /** Destroys every pooled (free) buffer; live ones stay. */
  trim(): void {
    for (const list of this.#free.values()) for (const buffer of list) buffer.destroy();
    this.#free.clear();
    this.#pooled = 0;
    this.#pooledBytes = 0;
  }

  counts(): Pick<GpuMemoryInfo, 'liveBuffers' | 'liveBytes' | 'pooledBuffers' | 'pooledBytes'> {
    return { liveBuffers: this.#live, liveBytes: this.#liveBytes, pooledBuffers: this.#pooled, pooledBytes: this.#pooledBytes };
  }
}

/** What a {@link GpuStorage} needs from its backend: reading a buffer back. */
export interface BufferReader {
  readBuffer(buffer: GPUBuffer, count: number): Promise<Float32Array>;
}

/**
 * A safety net, not the way to free memory: a tensor garbage-collected without `dispose()` still
 * gives its buffer back (some time later). Safe at any moment for the same reason as `dispose`:
 * the pool's reuse rules keep it ordered after pending commands that used it.
 */
const forgotten = new FinalizationRegistry<() => void>((release) => release());

/** A tensor's values in a pooled GPU buffer; disposing returns the buffer to the pool. */
export class GpuStorage implements DeviceStorage {
  readonly device = 'webgpu';
  #buffer: GPUBuffer | undefined;

  constructor(
    buffer: GPUBuffer,
    readonly count: number,
    readonly owner: object,
    private readonly pool: BufferPool | undefined,
    private readonly reader: BufferReader,
  ) {
    this.#buffer = buffer;
    // The callback must not reach `this`, or the storage could never be collected.
    forgotten.register(this, pool ? () => pool.release(buffer) : () => buffer.destroy(), this);
  }

  get disposed(): boolean {
    return this.#buffer === undefined;
  }

  /** The buffer, or undefined once disposed. */
  get buffer(): GPUBuffer | undefined {
    return this.#buffer;
  }

  read(): Promise<Float32Array> {
    if (!this.#buffer) return Promise.reject(new Error('webgpu: tensor was disposed before it was read'));
    return this.reader.readBuffer(this.#buffer, this.count);
  }

  dispose(): void {
    if (!this.#buffer) return;
    forgotten.unregister(this);
    if (this.pool) this.pool.release(this.#buffer);
    else this.#buffer.destroy();
    this.#buffer = undefined;
  }
}
