// The core compiles without DOM or Node types; these globals exist in every host we support
// (Node, browsers, workers, Electron).
declare const setTimeout: (callback: () => void, ms: number) => unknown;

/** Lets other tasks run (progress rendering, an abort from Ctrl-C or a worker message). */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Milliseconds from an arbitrary origin, for durations. */
export function now(): number {
  return Date.now();
}
