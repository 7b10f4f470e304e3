import { ConvStudioError, PipelineError } from '@convstudio/core';

/**
 * A mistake on the command line (unknown option, missing argument, bad number): printed as one
 * line with a hint to `--help`, exit code 2 as for most Unix tools.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose `--help` to point at; empty for the top level. */
    readonly command = '',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A mistake in what the user handed us (a file, a pipeline, an image): printed as the lines
 * given, no stack trace, exit code 1.
 */
export class UserError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'UserError';
  }
}

/**
 * Runs `action` and turns the core's input errors into {@link UserError}s prefixed by `file`,
 * so every message says which file, node and field to fix:
 * `net.json: node "conv1" (conv2d): params.stride: ...`.
 *
 * @example
 * const model = await inFile('net.json', () => createModel(document));
 */
export async function inFile<T>(file: string, action: () => T | Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw attribute(file, error);
  }
}

/** The error `error` becomes when it happened while reading or using `file`. */
export function attribute(file: string, error: unknown): unknown {
  if (error instanceof PipelineError) return new UserError(error.issues.map((i) => `${file}: ${i.message}`));
  if (error instanceof ConvStudioError) return new UserError([`${file}: ${error.message}`]);
  return error;
}
