import { readFileSync, realpathSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConvStudioError, PipelineError } from '@convstudio/core';
import type { Command } from './command.js';
import { costCommand } from './commands/cost.js';
import { diagnoseCommand } from './commands/diagnose.js';
import { exampleCommand } from './commands/example.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { receptiveCommand } from './commands/receptive.js';
import { runCommand } from './commands/run.js';
import { labCommand } from './commands/lab.js';
import { runsCommand } from './commands/runs.js';
import { sweepCommand } from './commands/sweep.js';
import { templateCommand } from './commands/template.js';
import { trainCommand } from './commands/train.js';
import { UsageError, UserError } from './errors.js';
import { processIo, type Io } from './io.js';

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [templateCommand, runCommand, costCommand, receptiveCommand, trainCommand, diagnoseCommand, sweepCommand, runsCommand, labCommand, exampleCommand, importCommand, exportCommand];

/** Exit codes: 1 a mistake in a file or value, 2 a mistake on the command line, 70 a bug, 130 Ctrl-C. */
export const EXIT = { ok: 0, user: 1, usage: 2, internal: 70, interrupted: 130 } as const;

export function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: convstudio <command> [options]',
    '',
    'See, build and understand convolutional networks from the terminal.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help      show help (also after a command: convstudio run --help)',
    '  -v, --version   show the version',
    '',
    'Start with: convstudio template list',
  ].join('\n');
}

/** parseArgs' messages are long and name internals; ours name the option and the command. */
function usageFromParseError(error: Error & { code?: string }, command: string): UsageError {
  // "Option '-i, --image <value>' argument missing": name the long form.
  const option = /'(?:-\w, )?(-{1,2}[^' ]+)/.exec(error.message)?.[1] ?? '';
  const valueProblem = error.message.includes('ambiguous')
    ? `option ${option} got a value starting with "-"; write it as ${option}=<value>`
    : `option ${option} needs a value`;
  const messages: Record<string, string> = {
    ERR_PARSE_ARGS_UNKNOWN_OPTION: `unknown option ${option}`,
    ERR_PARSE_ARGS_INVALID_OPTION_VALUE: option ? valueProblem : error.message,
    ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: `unexpected argument ${/'([^']*)'/.exec(error.message)?.[1] ?? ''}`.trimEnd(),
  };
  return new UsageError(messages[error.code ?? ''] ?? error.message.split('\n')[0], command);
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout(`${topic ? topic.help : topHelp()}\n`);
    return EXIT.ok;
  }
  if (name === '-v' || name === '--version') {
    io.stdout(`${version()}\n`);
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const what = name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`;
    throw new UsageError(`${what}; commands: ${commands.map((c) => c.name).join(', ')}`);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error) throw usageFromParseError(error as TypeError & { code?: string }, command.name);
    throw error;
  }
  if (parsed.values.help) {
    io.stdout(`${command.help}\n`);
    return EXIT.ok;
  }
  return command.run({ io, positionals: parsed.positionals, values: parsed.values });
}

/** Prints an error the way its kind deserves; returns the exit code. */
function report(error: unknown, io: Io): number {
  if (error instanceof UsageError) {
    const prefix = error.command ? `convstudio ${error.command}` : 'convstudio';
    io.stderr(`${prefix}: ${error.message} (see ${prefix} --help)\n`);
    return EXIT.usage;
  }
  if (error instanceof UserError) {
    io.stderr(`${error.lines.join('\n')}\n`);
    return EXIT.user;
  }
  // Core input errors that no command attributed to a file still deserve a plain line.
  if (error instanceof PipelineError) {
    io.stderr(`${error.issues.map((i) => i.message).join('\n')}\n`);
    return EXIT.user;
  }
  if (error instanceof ConvStudioError) {
    io.stderr(`${error.message}\n`);
    return EXIT.user;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`convstudio: internal error (please report it with the command you ran)\n${detail}\n`);
  return EXIT.internal;
}

/**
 * Runs one command line (without `node` and the script) and returns the exit code. Everything
 * it prints goes through `io`, so tests call it in-process.
 *
 * @example
 * const code = await main(['cost', 'net.json'], processIo());
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await dispatch([...argv], io);
  } catch (error) {
    return report(error, io);
  }
}

/** The process entry: runs `argv` and sets the exit code. */
export async function runCli(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const code = await main(argv, processIo());
  process.exitCode = code;
  return code;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await runCli();
