/**
 * Output arrays reused from one training step to the next. A fresh Float32Array of a few
 * hundred KB costs more than filling it (the allocator zeroes it, and V8 counts it as external
 * memory, which brings on full garbage collections every few dozen ms while a model trains), and
 * a training step makes the same outputs of the same sizes every time. So `train` and `evaluate`
 * run each step inside a {@link StepBuffers}: the WebAssembly kernels' outputs come from it, and
 * once the step's numbers are read, every array it handed out goes back to it, except those still
 * held by what outlives the step (parameters, buffers). Outside a step (`model.forward` called by
 * a user, the studio's feature maps) every output is a new array, so nothing a caller holds is
 * ever written again.
 */

let active: StepBuffers | undefined;

/**
 * An array of `length` floats for a kernel's output, whose every element the kernel writes (a
 * reused array holds the last step's values): a new one unless a {@link StepBuffers} step is running.
 *
 * @example
 * const y = outputFloats(n); y.set(memory.subarray(ptr, ptr + n));
 */
export function outputFloats(length: number): Float32Array {
  return active ? active.take(length) : new Float32Array(length);
}

/** A copy of `source[start, start + length)` in an array from {@link outputFloats}. */
export function copyOut(source: Float32Array, start: number, length: number): Float32Array {
  const out = outputFloats(length);
  out.set(source.subarray(start, start + length));
  return out;
}

/**
 * The arrays of one training loop: {@link StepBuffers.run} hands out arrays while a step's
 * synchronous work runs, {@link StepBuffers.recycle} takes back those nothing kept once the step's
 * tensors are dropped. Only arrays it handed out are ever reused; drop the object to free them.
 *
 * @example
 * const buffers = new StepBuffers();
 * const loss = buffers.run(() => step(batch));
 * buffers.recycle(survivorsOf(model));
 */
export class StepBuffers {
  /** Free arrays by length. */
  private readonly free = new Map<number, Float32Array[]>();
  /** Handed out since the last recycle. */
  private handed: Float32Array[] = [];

  /** Runs `work` (synchronous) with kernel outputs taken from this object. */
  run<T>(work: () => T): T {
    return within(this, work);
  }

  /** An array of `length` floats: a free one, else a new one. */
  take(length: number): Float32Array {
    const array = this.free.get(length)?.pop() ?? new Float32Array(length);
    this.handed.push(array);
    return array;
  }

  /**
   * Takes back every array handed out since the last call, except those whose memory a survivor
   * shares (compared by ArrayBuffer, so views count too). Call it only when nothing else made in
   * the step is used any more: the arrays will be written again.
   */
  recycle(survivors: Iterable<Float32Array>): void {
    const kept = new Set<ArrayBufferLike>();
    for (const s of survivors) kept.add(s.buffer);
    // An array may have been handed out once only, but guard against a double entry all the same:
    // two owners of one array would alias.
    const seen = new Set<Float32Array>();
    for (const array of this.handed) {
      if (kept.has(array.buffer) || seen.has(array)) continue;
      seen.add(array);
      let list = this.free.get(array.length);
      if (!list) this.free.set(array.length, (list = []));
      list.push(array);
    }
    this.handed = [];
  }

  /** Arrays waiting to be reused (for tests). */
  get freeCount(): number {
    let count = 0;
    for (const list of this.free.values()) count += list.length;
    return count;
  }
}

function within<T>(buffers: StepBuffers, work: () => T): T {
  const outer = active;
  active = buffers;
  try {
    return work();
  } finally {
    active = outer;
  }
}
