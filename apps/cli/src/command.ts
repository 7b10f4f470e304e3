import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';
import type { Io } from './io.js';

/** Parsed option values, as `node:util` `parseArgs` returns them. */
export type OptionValues = Record<string, string | boolean | undefined>;

/** What a command receives. */
export interface CommandContext {
  io: Io;
  positionals: string[];
  values: OptionValues;
}

/**
 * One `convstudio <name>` command: its options (for `parseArgs`), its help text and what it
 * does. `run` returns the exit code; user mistakes are thrown as UsageError or UserError.
 */
export interface Command {
  name: string;
  /** One line for `convstudio --help`. */
  summary: string;
  /** `convstudio <name> --help`: usage lines, options, an example. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(context: CommandContext): Promise<number>;
}

/** Reads options of one command, turning bad values into one-line {@link UsageError}s. */
export class Options {
  constructor(
    private readonly command: string,
    private readonly values: OptionValues,
  ) {}

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  requiredString(name: string, what: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw new UsageError(`missing --${name} ${what}`, this.command);
    return value;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.string(name) ?? fallback;
    if (!(choices as readonly string[]).includes(value)) {
      throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got ${value}`, this.command);
    }
    return value as T;
  }

  /** An integer option in [min, max]; `fallback` when absent. */
  integer(name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
    return this.optionalInteger(name, min, max) ?? fallback;
  }

  /** An integer option in [min, max], or undefined when absent. */
  optionalInteger(name: string, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? (min === 1 ? 'a positive integer' : `an integer >= ${min}`) : `an integer from ${min} to ${max}`;
      throw new UsageError(`--${name} must be ${range}, got ${text}`, this.command);
    }
    return value;
  }

  /** A number option in (min, max], or [min, max] with `minInclusive`. */
  number(name: string, fallback: number, min: number, max: number, minInclusive = false): number {
    const text = this.string(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    const tooSmall = minInclusive ? value < min : value <= min;
    if (text.trim() === '' || !Number.isFinite(value) || tooSmall || value > max) {
      const lower = minInclusive ? `at least ${min}` : `greater than ${min}`;
      throw new UsageError(`--${name} must be a number ${lower} and at most ${max}, got ${text}`, this.command);
    }
    return value;
  }
}

/** The one positional argument a command takes, or a {@link UsageError}. */
export function onePositional(command: string, positionals: string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`missing ${what}`, command);
  if (positionals.length > 1) throw new UsageError(`expected one ${what}, got ${positionals.length} arguments: ${positionals.join(' ')}`, command);
  return positionals[0];
}
