/**
 * The part of `AbortSignal` the core reads. Declared here because the core's main entry is
 * compiled without DOM or Node types; any real AbortSignal fits.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/** Thrown when work stops because its signal was aborted. */
export class CancelledError extends Error {
  constructor(readonly reason?: unknown) {
    super(`cancelled${reason instanceof Error ? `: ${reason.message}` : typeof reason === 'string' ? `: ${reason}` : ''}`);
    this.name = 'CancelledError';
  }
}

/** Throws {@link CancelledError} when the signal has been aborted. */
export function throwIfCancelled(signal: CancelSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError(signal.reason);
}
