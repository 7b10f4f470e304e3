import { fail } from '../errors.js';
import { ACTIVE, CONTROL_WORDS, FAILED, JOB, NEXT, PARTICIPANT_BITS, STOP, WORKER_TASKS } from './control-words.js';
import type { WasmKernels } from './load.js';
import { wasmKernels, wasmKernelsReady } from './load.js';
import { hostCores, hostSpawner, type SpawnThread, type ThreadHandle } from './spawn-thread.js';
import { ENCODED_HEADER, TASK_KERNELS, type Task, encodeTasks, encodedTaskLength, runTasksHere } from './tasks.js';
import { WORKER_BODY } from './thread-worker-source.js';

/**
 * Worker threads that run the WebAssembly kernels on the same shared memory as the calling
 * thread. A job is a list of independent tasks (tasks.ts); the caller publishes it, takes tasks
 * itself, and blocks until every thread that took part has checked out, so the backend's ops
 * stay synchronous. The control words they share are described in control-words.ts.
 */
/** Most threads one job can name in its word (the caller included). */
export const MAX_THREADS = (1 << PARTICIPANT_BITS) - 1;
/** Floats of the task list the threads read: 512 KiB, thousands of tasks; longer jobs run in rounds. */
const TASK_CAPACITY = 1 << 16;
/** How long {@link startCpuThreads} waits for threads to say they are ready. */
const START_TIMEOUT_MS = 10_000;

interface Pool {
  readonly kernels: WasmKernels;
  readonly control: Int32Array;
  readonly tasks: Float64Array;
  /** threads[i] is worker i + 1; the caller is thread 0. */
  readonly threads: ThreadHandle[];
  readonly ready: boolean[];
  sequence: number;
  lastFailure?: string;
}

let pool: Pool | undefined;
let starting: Promise<number> | undefined;
let spawnOverride: SpawnThread | undefined;
let unavailable: string | undefined;
let requested = 0;
let callerTakesTasks = true;

/** Where threads stand: how many run kernels now and why there are no more. */
export interface CpuThreadStatus {
  /** Threads that run kernels now, the caller included (1: single-threaded). */
  readonly threads: number;
  /** Threads asked for by the last {@link startCpuThreads}, the caller included (0 before any). */
  readonly requested: number;
  /** Whether the kernels run on a shared memory (needed for more than one thread). */
  readonly sharedMemory: boolean;
  /** Why threads are unavailable or fewer than asked for, when they are. */
  readonly reason?: string;
  /** Tasks (bands, runs of planes) worker threads have run since they started: proof they take part. */
  readonly workerTasks: number;
}

/**
 * Starts worker threads for the CPU backend's WebAssembly kernels (or adds to those running) and
 * resolves with the threads that run kernels once they are up, the caller included. `count`
 * defaults to the host's logical cores (at most 8). Resolves 1, with the reason in
 * {@link cpuThreads}, where the host cannot share WebAssembly memory (a browser page that is not
 * cross-origin isolated) or start workers. The default backend starts them itself on the first
 * convolution big enough to pay for them; call this to choose the count, or to have them ready
 * before timing anything.
 *
 * @example
 * const threads = await startCpuThreads(2);
 * console.log(`conv2d runs on ${threads} threads`);
 */
export function startCpuThreads(count?: number): Promise<number> {
  if (count !== undefined && !(Number.isInteger(count) && count >= 1)) {
    fail('startCpuThreads', 'count', `must be a whole number of threads ≥ 1, got ${count}`);
  }
  const wanted = Math.min(MAX_THREADS, count ?? defaultThreadCount());
  requested = wanted;
  const previous = starting ?? Promise.resolve(0);
  starting = previous.then(() => wasmKernelsReady()).then(() => grow(wanted));
  return starting;
}

/**
 * Stops the worker threads; kernels run on the calling thread until threads are started again.
 *
 * @example
 * stopCpuThreads();
 */
export function stopCpuThreads(): void {
  if (!pool) return;
  Atomics.store(pool.control, STOP, 1);
  Atomics.add(pool.control, JOB, 1 << PARTICIPANT_BITS);
  Atomics.notify(pool.control, JOB);
  for (const t of pool.threads) t.terminate();
  pool = undefined;
  starting = undefined;
  requested = 0;
}

/**
 * How many threads run kernels now, and why not more.
 *
 * @example
 * const { threads, reason } = cpuThreads();
 */
export function cpuThreads(): CpuThreadStatus {
  const kernels = wasmKernels();
  return {
    threads: readyThreads(),
    requested,
    sharedMemory: kernels?.shared ?? false,
    reason: reasonForFewer(kernels),
    workerTasks: pool ? Atomics.load(pool.control, WORKER_TASKS) : 0,
  };
}

function reasonForFewer(kernels: WasmKernels | undefined): string | undefined {
  if (!kernels) return 'the WebAssembly SIMD kernels are not loaded';
  if (!kernels.shared) return 'this host has no shared WebAssembly memory (SharedArrayBuffer needs a cross-origin isolated page)';
  if (unavailable) return unavailable;
  if (pool?.lastFailure) return pool.lastFailure;
  if (requested > readyThreads()) return `${readyThreads()} of ${requested} threads are ready`;
  return undefined;
}

/** The default thread count: the host's logical cores, at most 8. */
export function defaultThreadCount(): number {
  return Math.max(1, Math.min(8, hostCores()));
}

/**
 * Threads a job may use now, the caller included: worker i counts only once workers 1..i are all
 * ready, because a job names its threads by count.
 */
export function readyThreads(): number {
  if (!pool) return 1;
  let n = 1;
  while (n - 1 < pool.ready.length && pool.ready[n - 1]) n++;
  return n;
}

/**
 * Starts the default number of threads in the background if none were asked for yet; the call
 * that triggers it runs single-threaded, later ones on the threads once they are up.
 */
export function startThreadsLazily(count?: number): void {
  if (starting || unavailable) return;
  void startCpuThreads(count);
}

/**
 * Tests only: with false, the calling thread leaves every task to the workers (it still waits for
 * them), so that a test can know the workers ran the kernels however fast the caller is.
 */
export function setCallerTakesTasks(takes: boolean): void {
  callerTakesTasks = takes;
}

/** Replaces how threads are started (tests use it to simulate a host that cannot). */
export function setThreadSpawner(spawn: SpawnThread | undefined): void {
  spawnOverride = spawn;
  unavailable = undefined;
}

async function grow(wanted: number): Promise<number> {
  const kernels = wasmKernels();
  if (!kernels?.shared) return 1;
  const spawn = spawnOverride ?? hostSpawner();
  if (!spawn) {
    unavailable = 'this host cannot start worker threads';
    return 1;
  }
  pool ??= newPool(kernels);
  const p = pool;
  const started: Promise<void>[] = [];
  while (p.threads.length < wanted - 1) started.push(startThread(p, spawn, p.threads.length + 1));
  await Promise.all(started);
  return readyThreads();
}

function newPool(kernels: WasmKernels): Pool {
  return {
    kernels,
    control: new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4)),
    tasks: new Float64Array(new SharedArrayBuffer(TASK_CAPACITY * 8)),
    threads: [],
    ready: [],
    sequence: 0,
  };
}

function startThread(p: Pool, spawn: SpawnThread, index: number): Promise<void> {
  p.ready[index - 1] = false;
  let thread: ThreadHandle;
  try {
    thread = spawn(WORKER_BODY);
  } catch (error) {
    unavailable = `starting a worker thread failed: ${String((error as Error)?.message ?? error)}`;
    p.threads.push(deadThread);
    return Promise.resolve();
  }
  p.threads.push(thread);
  return new Promise<void>((resolve) => {
    const timer = timers.setTimeout(() => {
      p.lastFailure = `worker thread ${index} did not start within ${START_TIMEOUT_MS / 1000} s`;
      thread.terminate();
      resolve();
    }, START_TIMEOUT_MS);
    thread.onMessage((message) => {
      const m = message as { ready?: number; failed?: string };
      if (m.ready === index) {
        p.ready[index - 1] = true;
        timers.clearTimeout(timer);
        thread.idle();
        resolve();
      }
      if (m.failed) p.lastFailure = `a worker thread failed: ${m.failed}`;
    });
    thread.onError((error) => {
      // Before or after it was ready: from now on jobs leave it (and those after it) out.
      p.lastFailure = `worker thread ${index} failed: ${String((error as Error)?.message ?? error)}`;
      p.ready[index - 1] = false;
      timers.clearTimeout(timer);
      thread.terminate();
      resolve();
    });
    thread.post({
      module: p.kernels.module,
      memory: p.kernels.memory,
      control: p.control.buffer,
      tasks: p.tasks.buffer,
      index,
      kernels: TASK_KERNELS,
    });
  });
}

// Every host the core runs in has timers, but its lib is ES2022 without DOM or Node typings.
const timers = globalThis as unknown as { setTimeout(run: () => void, ms: number): unknown; clearTimeout(id: unknown): void };

const deadThread: ThreadHandle = { post: () => {}, onMessage: () => {}, onError: () => {}, idle: () => {}, terminate: () => {} };

/**
 * Runs `tasks` on up to `threads` threads (the caller included), each resolving scratch offsets
 * against its own region `scratchBase + index · scratchStride`, and returns when all are done.
 * With one thread, or no pool, they run here in order.
 */
export function runTasks(kernels: WasmKernels, tasks: readonly Task[], scratchBase: number, scratchStride: number, threads: number): void {
  const participants = Math.min(threads, readyThreads(), tasks.length);
  if (participants <= 1 || !pool || pool.kernels !== kernels) {
    runTasksHere(kernels.exports, tasks, scratchBase);
    return;
  }
  for (const round of rounds(tasks)) {
    // A round of one task is either all the work left or a task too long for the shared list.
    if (round.length === 1) runTasksHere(kernels.exports, round, scratchBase);
    else runRound(pool, round, scratchBase, scratchStride, Math.min(participants, round.length));
  }
}

/** Splits `tasks` into runs whose encoding fits the shared task list (a task too long for it runs alone). */
function rounds(tasks: readonly Task[]): Task[][] {
  const out: Task[][] = [];
  let current: Task[] = [];
  let length = ENCODED_HEADER;
  for (const task of tasks) {
    const more = encodedTaskLength(task);
    if (current.length > 0 && length + more > TASK_CAPACITY) {
      out.push(current);
      current = [];
      length = ENCODED_HEADER;
    }
    current.push(task);
    length += more;
  }
  if (current.length) out.push(current);
  return out;
}

function runRound(p: Pool, tasks: readonly Task[], scratchBase: number, scratchStride: number, participants: number): void {
  const { control } = p;
  encodeTasks(tasks, scratchBase, scratchStride, p.tasks);
  Atomics.store(control, FAILED, 0);
  Atomics.store(control, NEXT, 0);
  Atomics.store(control, ACTIVE, participants - 1);
  p.sequence = (p.sequence + 1) & ((1 << (31 - PARTICIPANT_BITS)) - 1);
  Atomics.store(control, JOB, (p.sequence << PARTICIPANT_BITS) | participants);
  Atomics.notify(control, JOB);
  try {
    // The caller's share: thread 0 takes tasks from the same counter.
    for (let t = callerTakesTasks ? Atomics.add(control, NEXT, 1) : tasks.length; t < tasks.length; t = Atomics.add(control, NEXT, 1)) {
      runTasksHere(p.kernels.exports, [tasks[t]], scratchBase);
    }
  } finally {
    // Even when a task of ours threw: no new job may start while workers still run this one.
    waitForCheckout(control);
  }
  if (Atomics.load(control, FAILED)) {
    fail('cpu threads', 'worker', 'a worker thread failed while running WebAssembly kernels; its results are lost (stopCpuThreads() and run again on one thread)');
  }
}

function waitForCheckout(control: Int32Array): void {
  for (let active = Atomics.load(control, ACTIVE); active !== 0; active = Atomics.load(control, ACTIVE)) {
    // A browser's main thread may not block: it spins instead (the workers are mid-task).
    if (mayBlock()) Atomics.wait(control, ACTIVE, active);
  }
}

let blocking: boolean | undefined;
function mayBlock(): boolean {
  if (blocking === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blocking = true;
    } catch {
      blocking = false;
    }
  }
  return blocking;
}
