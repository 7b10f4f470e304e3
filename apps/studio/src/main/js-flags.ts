/**
 * V8 flags the desktop app gives Chromium (`app.commandLine.appendSwitch('js-flags', …)`, before
 * the app is ready): they apply to every renderer isolate, the lab's training workers included.
 *
 * `--initial-old-space-size=128`: a training worker holds about 15 MB of live objects, and V8
 * sizes a new isolate's old generation just above that. Each training step promotes short-lived
 * tensors, so the worker ran a full (mark-compact) collection several times a second (76–89 in
 * 13 s with two workers in Chromium, none with the flag), and V8's concurrent-marking threads take
 * the core the other lab worker trains on. The CLI's sweep pool sets the same flag for its worker
 * threads (apps/cli/src/lab/sweep-pool.ts). It is a starting limit, not memory taken up front.
 * Measured by apps/studio/bench/lab-worker-gc.ts.
 */
export const STUDIO_JS_FLAGS = '--initial-old-space-size=128';
