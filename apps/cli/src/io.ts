import process from 'node:process';

/**
 * Everything a command touches outside its arguments, so tests run `main` in-process and read
 * what it printed. `runCli` builds the real one from `process`.
 */
export interface Io {
  /** Writes text as is (callers add the newline). */
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal: the progress bar then redraws one line in place. */
  stderrIsTTY: boolean;
  /** Terminal width for the progress bar; undefined when not a terminal. */
  columns?: number;
  /** Directory that relative paths are read from and written to. */
  cwd: string;
  /**
   * Calls `handler` on the first Ctrl-C (a second one quits at once, exit 130); returns the
   * function that removes it. Commands that cannot stop cleanly never install one, so Ctrl-C
   * keeps its default meaning there.
   */
  onInterrupt(handler: () => void): () => void;
  /** Tests inject a controller to simulate Ctrl-C; `train` creates its own otherwise. */
  abortController?: AbortController;
}

/** The {@link Io} of the running process. */
export function processIo(): Io {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    columns: (process.stderr.isTTY && process.stderr.columns) || undefined,
    cwd: process.cwd(),
    onInterrupt(handler) {
      let count = 0;
      const listener = () => {
        count += 1;
        if (count === 1) handler();
        else process.exit(130);
      };
      process.on('SIGINT', listener);
      return () => void process.off('SIGINT', listener);
    },
  };
}
