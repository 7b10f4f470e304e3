/**
 * When the recorder submits: `scope` records every dispatch and copy of a backend method, or of
 * a whole `batch` scope (a forward pass, a training step), into one command buffer; `dispatch`
 * submits each dispatch on its own (the old behaviour, kept for benchmarks and bisecting).
 */
export type SubmitMode = 'scope' | 'dispatch';

/**
 * One pending command encoder shared by every dispatch and copy until it is submitted.
 *
 * Why the bookkeeping: `queue.writeBuffer` and `buffer.destroy()` act on the queue at once,
 * while recorded commands run only at `submit`. So a write into a buffer that pending commands
 * use would land before them, and a destroyed buffer would fail the submit. The recorder keeps
 * the set of buffers the pending commands touch: a write into one submits first ({@link write}),
 * and destroys and releases of the scope's temporaries wait for the submit ({@link afterSubmit}).
 */
export class CommandRecorder {
  readonly #device: GPUDevice;
  readonly #mode: SubmitMode;
  #encoder: GPUCommandEncoder | undefined;
  #pass: GPUComputePassEncoder | undefined;
  readonly #touched = new Set<GPUBuffer>();
  #after: (() => void)[] = [];
  #depth = 0;
  #submits = 0;

  constructor(device: GPUDevice, mode: SubmitMode = 'scope') {
    this.#device = device;
    this.#mode = mode;
  }

  get mode(): SubmitMode {
    return this.#mode;
  }

  /** Command buffers submitted so far (tests and benchmarks count them). */
  get submits(): number {
    return this.#submits;
  }

  /** True while recorded commands wait for a submit. */
  get pending(): boolean {
    return this.#encoder !== undefined;
  }

  /** Whether pending commands read or write `buffer` (a queue write into it must submit first). */
  busy(buffer: GPUBuffer): boolean {
    return this.#touched.has(buffer);
  }

  #encoderFor(): GPUCommandEncoder {
    this.#encoder ??= this.#device.createCommandEncoder({ label: 'convstudio.commands' });
    return this.#encoder;
  }

  /**
   * The open compute pass, for one dispatch that uses `buffers`. One pass holds many dispatches:
   * WebGPU makes each dispatch its own usage scope and orders their storage accesses.
   */
  computePass(buffers: readonly GPUBuffer[]): GPUComputePassEncoder {
    const encoder = this.#encoderFor();
    this.#pass ??= encoder.beginComputePass({ label: 'convstudio.compute' });
    for (const buffer of buffers) this.#touched.add(buffer);
    return this.#pass;
  }

  /** Called after each recorded dispatch: in `dispatch` mode it is submitted at once. */
  dispatched(): void {
    if (this.#mode === 'dispatch') this.submit();
  }

  /** Records a buffer-to-buffer copy (the compute pass is closed first; the next dispatch opens another). */
  copy(source: GPUBuffer, target: GPUBuffer, bytes: number): void {
    const encoder = this.#encoderFor();
    this.#pass?.end();
    this.#pass = undefined;
    encoder.copyBufferToBuffer(source, 0, target, 0, bytes);
    this.#touched.add(source);
    this.#touched.add(target);
  }

  /** `queue.writeBuffer` that stays ordered after pending commands using `buffer`. */
  write(buffer: GPUBuffer, data: Float32Array | Int32Array): void {
    if (this.busy(buffer)) this.submit();
    this.#device.queue.writeBuffer(buffer, 0, data);
  }

  /** Runs `work` once pending commands are submitted (at once when none are). */
  afterSubmit(work: () => void): void {
    if (this.pending) this.#after.push(work);
    else work();
  }

  /** Submits pending commands in one command buffer, then runs what waited for it. */
  submit(): void {
    const encoder = this.#encoder;
    if (encoder) {
      this.#pass?.end();
      this.#pass = undefined;
      this.#encoder = undefined;
      this.#touched.clear();
      this.#device.queue.submit([encoder.finish({ label: 'convstudio.commands' })]);
      this.#submits++;
    }
    const after = this.#after;
    this.#after = [];
    for (const work of after) work();
  }

  /** End of one backend method: submits unless a {@link batch} scope is open. */
  endOperation(): void {
    if (this.#depth === 0) this.submit();
  }

  /** Runs `work` with every backend method in it recorded into one command buffer; scopes nest. */
  batch<T>(work: () => T): T {
    this.#depth++;
    try {
      return work();
    } finally {
      this.#depth--;
      if (this.#depth === 0) this.submit();
    }
  }
}
