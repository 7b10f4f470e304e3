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
  ) {
    super(`${op}: ${argument} ${detail}`);
    this.name = 'ConvStudioError';
  }
}

/** Formats a shape the way every message shows it: `[1,3,28,28]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Throws a {@link ConvStudioError}; used as `cond || fail(...)` is avoided for readability. */
export function fail(op: string, argument: string, detail: string): never {
  throw new ConvStudioError(op, argument, detail);
}
