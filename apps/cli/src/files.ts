import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from './errors.js';
import { jsonErrorOffset } from './json-error-offset.js';

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
};

function reasonOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? (reasons[code] ?? `${code}`) : undefined;
}

/**
 * Reads a file's bytes; a missing or unreadable file becomes one line,
 * `cannot read net.json: no such file`. `file` is shown as the user typed it.
 */
export async function readBytes(cwd: string, file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolve(cwd, file)));
  } catch (error) {
    const reason = reasonOf(error);
    if (reason) throw new UserError([`cannot read ${file}: ${reason}`]);
    throw error;
  }
}

/**
 * Reads and parses a JSON file. A syntax error names the line (and column) it was found at:
 * `net.json: not valid JSON: Expected ',' or '}' after property value at line 3, column 5`.
 */
export async function readJson(cwd: string, file: string): Promise<unknown> {
  const text = new TextDecoder().decode(await readBytes(cwd, file));
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserError([`${file}: not valid JSON: ${describeJsonError(error.message, text)}`]);
    throw error;
  }
}

/**
 * V8's JSON messages give a position, a line and column (Node 22+), or nothing (Node 20 on an
 * unexpected token). Rewrites each as `<message> at line L, column C`, finding the place with
 * {@link jsonErrorOffset} where V8 gives no line.
 */
export function describeJsonError(message: string, text: string): string {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  const position = /at position (\d+)/.exec(message);
  let base = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s*in JSON at position \d+/, '').replace(/\s*at position \d+/, '');
  // Node 20 quotes the input after an unexpected token ("... is not valid JSON"); long inputs make that unreadable.
  base = base.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
  if (lineColumn) return `${base} at line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const offset = jsonErrorOffset(text) ?? (position ? Number(position[1]) : text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${base} at line ${line}, column ${column}`;
}

/**
 * Writes a file atomically: to a temporary file beside it, then renamed over the target, so a
 * crash or Ctrl-C never leaves half a file. Creates missing parent directories.
 */
export async function writeFileAtomic(cwd: string, file: string, data: string | Uint8Array): Promise<void> {
  const target = resolve(cwd, file);
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temporary, data);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    const reason = reasonOf(error);
    if (reason) throw new UserError([`cannot write ${file}: ${reason}`]);
    throw error;
  }
}
