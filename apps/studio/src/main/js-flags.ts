/**
 * V8 flags the desktop app gives Chromium (`app.commandLine.appendSwitch('js-flags', …)`, before
 * the app is ready): they apply to every renderer isolate, the lab's training workers included.
 *
 * `--initial-old-space-size=128`: a training worker holds little live data, and V8 sizes a new
 * isolate's old generation just above it. When every training step allocated its outputs afresh,
 * promoted short-lived tensors made a worker run a full (mark-compact) collection several times a
 * second, and V8's concurrent-marking threads took the core another lab worker trained on (25 full
 * collections in a short two-worker run in Chromium, none with the flag: the report of 73db2e0).
 * Core now reuses each step's output buffers and the MNIST CNN's workers run none either way
 * (apps/studio/BENCHMARKS.md, `bench/lab-worker-gc.ts`); the flag stays as a guard for layers whose
 * kernels still allocate per step. It is a starting limit, not memory taken up front. The CLI's
 * sweep pool sets the same flag for its worker threads (apps/cli/src/lab/sweep-pool.ts).
 */
export const STUDIO_JS_FLAGS = '--initial-old-space-size=128';
