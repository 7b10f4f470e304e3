import type { KernelExports } from './load.js';

/** The kernels a task may call; a call is encoded by its index here (src/wasm/thread-worker-source.ts). */
export const TASK_KERNELS = ['gemm', 'im2col', 'col2im', 'convDirect', 'maxPool', 'maxPoolBackward', 'maxPool2x2', 'maxPool2x2Backward', 'addInto'] as const;
export type TaskKernel = (typeof TASK_KERNELS)[number];

/** A byte offset into the scratch region of whichever thread runs the call (each has its own). */
export interface ScratchRef {
  readonly scratch: number;
}

/** One call of an exported kernel; pointer arguments are byte offsets into the shared memory. */
export interface KernelCall {
  readonly kernel: TaskKernel;
  readonly args: readonly (number | ScratchRef)[];
}

/** Calls one thread runs in order; tasks of a job are independent and may run on any thread. */
export type Task = readonly KernelCall[];

/**
 * An offset into the running thread's scratch: the GEMM's packed panels and a band's column
 * matrix must not be shared between threads, so each thread has its own region.
 *
 * @example
 * call('gemm', [M, N, K, a, K, 1, b, N, 1, c, N, 0, scratch(0)]);
 */
export function scratch(offset: number): ScratchRef {
  return { scratch: offset };
}

/** A call of `kernel` with `args` (see {@link KernelCall}). */
export function call(kernel: TaskKernel, args: readonly (number | ScratchRef)[]): KernelCall {
  return { kernel, args };
}

const cache = new Map<string, readonly Task[]>();
/** Lists kept: a training step's few distinct calls fit with room to spare. */
const CACHE_ENTRIES = 16;
/** Longer lists are built every time (a big batch's thousands of bands would hold megabytes). */
const CACHE_MAX_TASKS = 512;

/**
 * The task list `key` names, built once: a training step makes the same calls every batch, and
 * building their lists (objects per band and call) was a third of the step's short-lived garbage.
 * `key` must capture every input of `build`; tasks are never changed after they are built.
 *
 * @example
 * const tasks = cachedTasks(`pool,${ptrs}`, () => planes.map(...));
 */
export function cachedTasks(key: string, build: () => readonly Task[]): readonly Task[] {
  const found = cache.get(key);
  if (found) return found;
  const tasks = build();
  if (tasks.length <= CACHE_MAX_TASKS) {
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, tasks);
  }
  return tasks;
}

/** Runs `tasks` on the calling thread, resolving scratch offsets against `scratchBase`. */
export function runTasksHere(exports: KernelExports, tasks: readonly Task[], scratchBase: number): void {
  // One argument array for every call: a training step makes hundreds of calls, and a new array
  // per call was a sixth of the step's short-lived garbage.
  const resolved: number[] = [];
  for (const task of tasks) {
    for (const { kernel, args } of task) {
      resolved.length = args.length;
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        resolved[i] = typeof a === 'number' ? a : scratchBase + a.scratch;
      }
      (exports[kernel] as (...values: number[]) => void)(...resolved);
    }
  }
}

/**
 * The encoding {@link encodeTasks} writes: a header of task count, thread 0's scratch base and the
 * stride between threads' scratch regions (then one spare slot, the end of the last task); per
 * task its offset; then per call its kernel index, argument count, scratch mask (bit i: argument
 * i is a scratch offset) and arguments. Float64 holds every byte offset of a 4 GiB memory exactly.
 */
export const ENCODED_HEADER = 4;

/** Floats one task adds to the encoding: its offset slot and its calls. */
export function encodedTaskLength(task: Task): number {
  let length = 1;
  for (const c of task) length += 3 + c.args.length;
  return length;
}

/** [start, end) ranges cutting `count` items into at most `parts` near-equal runs, in order. */
export function chunks(count: number, parts: number): [number, number][] {
  const n = Math.max(1, Math.min(count, parts));
  return Array.from({ length: n }, (_, i) => [Math.floor((i * count) / n), Math.floor(((i + 1) * count) / n)]);
}

/**
 * Writes `tasks` into `out` for the worker threads to read (layout at {@link ENCODED_HEADER});
 * thread i resolves scratch offsets against `scratchBase + i · scratchStride`.
 */
export function encodeTasks(tasks: readonly Task[], scratchBase: number, scratchStride: number, out: Float64Array): void {
  out[0] = tasks.length;
  out[1] = scratchBase;
  out[2] = scratchStride;
  let p = ENCODED_HEADER + tasks.length;
  tasks.forEach((task, t) => {
    out[3 + t] = p;
    for (const { kernel, args } of task) {
      let mask = 0;
      out[p] = TASK_KERNELS.indexOf(kernel);
      out[p + 1] = args.length;
      args.forEach((a, i) => {
        if (typeof a === 'number') out[p + 3 + i] = a;
        else {
          out[p + 3 + i] = a.scratch;
          mask |= 1 << i;
        }
      });
      out[p + 2] = mask;
      p += 3 + args.length;
    }
  });
  out[3 + tasks.length] = p;
}
