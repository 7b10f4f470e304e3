import { stat, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** Why a path was granted: the user chose it, or it is ConvStudio's own. */
export type Grant = 'dialog' | 'command-line' | 'recent' | 'second-instance';

/**
 * The allow-list of paths the main process may touch: those the user chose in a dialog, passed
 * on the command line (or to a second instance), or opened before (recent files), plus
 * anything under the app's own user-data folder. The renderer can never add a path; it only
 * names methods, and main decides which paths they use.
 *
 * @example
 * const access = new FileAccess(app.getPath('userData'));
 * access.grant(result.filePaths[0], 'dialog');
 * access.check(path); // throws when the user never chose it
 */
export class FileAccess {
  readonly #granted = new Map<string, Grant>();
  readonly #userData: string;

  constructor(userDataDir: string) {
    this.#userData = resolve(userDataDir);
  }

  /** Records that the user chose `path`; returns its absolute form. */
  grant(path: string, reason: Grant): string {
    const absolute = resolve(path);
    this.#granted.set(absolute, reason);
    return absolute;
  }

  /**
   * Grants the file called `name` in the same folder as `path`, which must be allowed already
   * (a project's weights file beside it). `name` must be a plain file name: no folders, no `..`.
   */
  grantBeside(path: string, name: string): string {
    const absolute = this.check(path);
    if (!/^[^/\\\0]+$/.test(name) || name === '.' || name === '..') throw new Error(`file access: expected a file name beside ${absolute}, got ${JSON.stringify(name)}`);
    return this.grant(join(dirname(absolute), name), this.#granted.get(absolute) ?? 'dialog');
  }

  /**
   * Grants `target`, the real file behind the allowed `path` (a symbolic link's final target),
   * for the same reason: a project saved through a link keeps its weights beside the real file.
   */
  grantTarget(path: string, target: string): string {
    const absolute = this.check(path);
    return absolute === resolve(target) ? absolute : this.grant(target, this.#granted.get(absolute) ?? 'dialog');
  }

  /** Whether `path` was granted or lies inside the user-data folder. */
  allows(path: string): boolean {
    if (!isAbsolute(path)) return false;
    const absolute = resolve(path);
    if (this.#granted.has(absolute)) return true;
    const inside = relative(this.#userData, absolute);
    return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
  }

  /** Throws a message naming the path unless {@link allows} says yes. */
  check(path: string): string {
    if (!this.allows(path)) throw new Error(`file access: ${path} was not chosen by the user (expected a path from a dialog, the command line or the recent list)`);
    return resolve(path);
  }
}

/**
 * Reads a granted file, refusing what is not a regular file or is over `maxBytes` before
 * reading a byte of it (a huge file must not exhaust memory).
 *
 * @example
 * const bytes = await readAllowedFile(access, path, 64 * 1024 * 1024);
 */
export async function readAllowedFile(access: FileAccess, path: string, maxBytes: number): Promise<Buffer> {
  return readFileUpTo(access.check(path), maxBytes);
}

/**
 * Reads a regular file, refusing it above `maxBytes` before reading a byte; no access check (for
 * ConvStudio's own files in the user-data folder).
 *
 * @example
 * const bytes = await readFileUpTo(join(userData, 'autosave', 'autosave.convstudio.json'), 64 * 1024 * 1024);
 */
export async function readFileUpTo(path: string, maxBytes: number): Promise<Buffer> {
  const absolute = resolve(path);
  const info = await stat(absolute);
  if (!info.isFile()) throw new Error(`${absolute}: expected a regular file, got a ${info.isDirectory() ? 'folder' : 'special file'}`);
  if (info.size > maxBytes) throw new Error(`${absolute}: file too large: expected at most ${formatBytes(maxBytes)}, got ${formatBytes(info.size)}`);
  return readFile(absolute);
}

/** `67108864` → `64 MiB`, for messages people read. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
