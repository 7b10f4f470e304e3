// The core compiles without DOM or Node types; these globals exist in every host we support
// (Node, browsers, workers, Electron), the first two not in all of them.
declare const setTimeout: (callback: () => void, ms: number) => unknown;
declare const setImmediate: ((callback: () => void) => unknown) | undefined;
declare const MessageChannel: (new () => { port1: { onmessage: (() => void) | null; close(): void }; port2: { postMessage(message: unknown): void; close(): void } }) | undefined;

/**
 * Lets other tasks run (progress rendering, an abort from Ctrl-C or a worker message) as a new
 * macrotask, without the wait of `setTimeout(0)`: at least 1 ms in Node and 4 ms once nested in
 * browsers, which was 10% of an MNIST training epoch at a yield per batch (`npm run bench:profile`
 * in bench/). Node: `setImmediate` (after pending I/O and messages); browsers and workers: a
 * message to ourselves on a `MessageChannel`; elsewhere `setTimeout(0)`.
 */
export function yieldToHost(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Milliseconds from an arbitrary origin, for durations. */
export function now(): number {
  return Date.now();
}
