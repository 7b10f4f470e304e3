import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import process from 'node:process';
import { UsageError, UserError } from './errors.js';
import { jsonErrorOffset } from './json-error-offset.js';

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EDQUOT: 'the disk quota is used up',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EEXIST: 'it already exists',
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

/** A path as the user would recognise it: relative to `cwd` when inside it. */
function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * The path a write lands on: a symlink (or a chain of them) is followed to its target, so the
 * link stays a link and the file it points to gets the new content. Bounded, so a link loop
 * ends as ELOOP instead of spinning.
 */
async function writeTarget(path: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    let info;
    try {
      info = await lstat(current);
    } catch (error) {
      // Missing, or under a file: makeDirectories names the part of the path at fault.
      if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return current;
      throw error;
    }
    if (!info.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`too many symbolic links at ${path}`), { code: 'ELOOP' });
}

/**
 * Creates `dir` and its missing parents one level at a time. Node 20's `mkdir(..., { recursive:
 * true })` loops forever where a parent cannot be created (under /proc); this walks up at most
 * once per path component. A parent that is a file throws ENOTDIR naming it.
 */
async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    try {
      if ((await stat(current)).isDirectory()) break;
      throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR', path: current, inTheWay: true });
    } catch (error) {
      // Our own ENOTDIR names the file in the way; the system's (a path through that file) walks on up to it.
      const walkOn = codeOf(error) === 'ENOENT' || (codeOf(error) === 'ENOTDIR' && !(error as { inTheWay?: boolean }).inTheWay);
      if (!walkOn || dirname(current) === current) throw error;
      missing.push(current);
    }
  }
  for (const path of missing.reverse()) {
    try {
      await mkdir(path);
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw Object.assign(error as Error, { path, creating: true });
    }
  }
}

/**
 * Flushes a directory entry (the rename) to disk. Windows cannot open a directory for that and
 * answers EPERM/EISDIR/EINVAL; there the rename is as durable as the platform makes it.
 */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EPERM', 'EISDIR', 'EINVAL', 'EBADF'].includes(codeOf(error) ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

/** The mode bits of an existing file, to keep them (0600 stays 0600); undefined for a new file. */
async function existingMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function writeError(cwd: string, file: string, error: unknown): unknown {
  const code = codeOf(error);
  if (!code) return error;
  const path = (error as { path?: string }).path;
  if ((error as { inTheWay?: boolean }).inTheWay && path) {
    return new UserError([`cannot write ${file}: ${shown(cwd, path)} is a file, not a directory`]);
  }
  if ((error as { creating?: boolean }).creating && path) {
    // mkdir under /proc and similar answers ENOENT although the parent exists.
    const why = code === 'ENOENT' ? 'the file system does not allow a directory there' : reasonOf(error);
    return new UserError([`cannot write ${file}: cannot create the directory ${shown(cwd, path)}: ${why}`]);
  }
  return new UserError([`cannot write ${file}: ${reasonOf(error)}`]);
}

/**
 * Writes a file atomically and durably: to a temporary file beside the target, flushed to disk,
 * then renamed over the target and the directory flushed, so a crash, power loss or Ctrl-C
 * leaves the old file or the new one, never half of one. Creates missing parent directories.
 * A symlink keeps pointing at its target, which gets the new content; an existing file keeps its
 * permissions. Every failure is one line naming the file (`cannot write out/w.json: out is a
 * file, not a directory`), and a failed write leaves no temporary file behind.
 *
 * @example
 * await writeFileAtomic(io.cwd, 'weights.json', JSON.stringify(weights));
 */
export async function writeFileAtomic(cwd: string, file: string, data: string | Uint8Array): Promise<void> {
  let temporary: string | undefined;
  try {
    const target = await writeTarget(resolve(cwd, file));
    await makeDirectories(dirname(target));
    const mode = await existingMode(target);
    const path = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(path, 'wx');
    temporary = path;
    try {
      await handle.writeFile(data);
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(path, target);
    temporary = undefined;
    await syncDirectory(dirname(target));
  } catch (error) {
    // The write's own error is the one to report; a failed clean-up must not replace it.
    if (temporary) await rm(temporary, { force: true }).catch(() => undefined);
    throw writeError(cwd, file, error);
  }
}

/** Device and inode of an existing file, or undefined when there is none. */
async function identity(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return `${info.dev}:${info.ino}`;
  } catch (error) {
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

/**
 * Refuses (as a {@link UsageError}) an output that is one of the command's input files, compared
 * by real path and by device and inode (so symlinks, `./net.json` and hard links all count):
 * `--out net.json would overwrite the pipeline file net.json; write it to another file`.
 *
 * @example
 * await refuseOverwritingInputs(io.cwd, 'train', { option: '--out', file: out }, [{ file, role: 'the pipeline file' }]);
 */
export async function refuseOverwritingInputs(
  cwd: string,
  command: string,
  output: { option: string; file: string },
  inputs: readonly { file: string; role: string }[],
): Promise<void> {
  const written = await identity(resolve(cwd, output.file));
  const writtenReal = await realpath(resolve(cwd, output.file)).catch(() => resolve(cwd, output.file));
  for (const input of inputs) {
    const path = resolve(cwd, input.file);
    const real = await realpath(path).catch(() => path);
    const same = real === writtenReal || (written !== undefined && written === (await identity(path)));
    if (same) throw new UsageError(`${output.option} ${output.file} would overwrite ${input.role} ${input.file}; write it to another file`, command);
  }
}
