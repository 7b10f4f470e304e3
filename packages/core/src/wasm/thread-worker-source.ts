import { ACTIVE, FAILED, JOB, NEXT, PARTICIPANT_BITS, STOP, WORKER_TASKS } from './control-words.js';

/**
 * The code each kernel worker thread runs, as plain JavaScript text: a worker is started from a
 * string (a Blob URL in browsers, `eval` in Node's worker_threads), so the core needs no file path,
 * bundler plugin or loader. Keep it in step with `encodeTasks` (tasks.ts), which the tests exercise
 * on two threads; the control words come from control-words.ts.
 *
 * It instantiates the shared-memory kernels on the memory it is sent, says `ready`, then sleeps
 * on the job word. A job word packs a sequence number with the count of threads that take part,
 * so a thread that wakes late can never join the wrong job: a participant takes tasks from the
 * shared counter until none are left, runs their kernel calls, and checks out.
 */
export const WORKER_BODY = String.raw`
const JOB = ${JOB}, NEXT = ${NEXT}, ACTIVE = ${ACTIVE}, STOP = ${STOP}, FAILED = ${FAILED}, WORKER_TASKS = ${WORKER_TASKS};
const PARTICIPANT_BITS = ${PARTICIPANT_BITS};
function start(init, post) {
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const kernels = init.kernels.map((name) => instance.exports[name]);
  const control = new Int32Array(init.control);
  const tasks = new Float64Array(init.tasks);
  const index = init.index;
  let handled = Atomics.load(control, JOB);
  post({ ready: index });
  for (;;) {
    Atomics.wait(control, JOB, handled);
    const job = Atomics.load(control, JOB);
    if (Atomics.load(control, STOP)) return;
    if (job === handled) continue;
    handled = job;
    if (index >= (job & ((1 << PARTICIPANT_BITS) - 1))) continue;
    try {
      runTasks(kernels, control, tasks, tasks[1] + index * tasks[2]);
    } catch (error) {
      Atomics.store(control, FAILED, 1);
      post({ failed: String(error && error.message || error) });
    }
    if (Atomics.sub(control, ACTIVE, 1) === 1) Atomics.notify(control, ACTIVE);
  }
}
function runTasks(kernels, control, tasks, base) {
  const count = tasks[0];
  for (;;) {
    const t = Atomics.add(control, NEXT, 1);
    if (t >= count) return;
    for (let p = tasks[3 + t], end = tasks[4 + t]; p < end; ) {
      const kernel = kernels[tasks[p]], argc = tasks[p + 1], mask = tasks[p + 2];
      const args = new Array(argc);
      for (let i = 0; i < argc; i++) args[i] = tasks[p + 3 + i] + ((mask >> i) & 1 ? base : 0);
      kernel.apply(null, args);
      p += 3 + argc;
    }
    Atomics.add(control, WORKER_TASKS, 1);
  }
}
`;
