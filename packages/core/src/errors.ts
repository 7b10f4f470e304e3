/**
 * Every error thrown for bad input names the op, the argument and what came, so a user
 * (or the studio, which shows `message` on the node) can fix it without reading our code.
 *
 * @example
 * try { conv2d(x, w) } catch (e) { if (e instanceof ConvStudioError) console.log(e.op, e.argument) }
 */
export class ConvStudioError extends Error {
  constructor(
    /** The op or function that refused the input, e.g. `conv2d`. */
    readonly op: string,
    /** The argument or field at fault, e.g. `weight` or `stride`. */
    readonly argument: string,
    /** What was expected and what came, e.g. `must be rank 4 (N,C,H,W), got shape [3,28,28]`. */
    readonly detail: string,
    extra: {
      /** A library's own words behind our message (a decoder's exception), for a "details" disclosure. */
      technicalDetail?: string;
      /** The error that caused this one. */
      cause?: unknown;
    } = {},
  ) {
    super(`${op}: ${argument} ${detail}`, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ConvStudioError';
    if (extra.technicalDetail !== undefined) this.technicalDetail = extra.technicalDetail;
  }

  /**
   * A library's own words behind the message, e.g. a decoder's "Offset is outside the bounds of
   * the DataView": kept for a bug report or a "details" disclosure, never the message itself.
   */
  readonly technicalDetail?: string;
}

/** Formats a shape the way every message shows it: `[1,3,28,28]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Throws a {@link ConvStudioError}; used as `cond || fail(...)` is avoided for readability. */
export function fail(op: string, argument: string, detail: string): never {
  throw new ConvStudioError(op, argument, detail);
}
