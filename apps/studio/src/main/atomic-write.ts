import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

/** The file handle calls atomicWrite makes; `fs/promises`' FileHandle has them. */
export interface AtomicFileHandle {
  writeFile(data: string | Uint8Array): Promise<void>;
  chmod(mode: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}
/** The file system calls atomicWrite makes: `node:fs/promises`, or a fake that fails on cue in tests. */
export interface AtomicFs {
  open(path: string, flags: string, mode?: number): Promise<AtomicFileHandle>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: boolean }): Promise<void>;
  lstat(path: string): Promise<{ isSymbolicLink(): boolean }>;
  stat(path: string): Promise<{ mode: number }>;
  readlink(path: string): Promise<string>;
}

/** Mode of a file atomicWrite creates (one that did not exist before). */
export const NEW_FILE_MODE = 0o644;
// Linux's own limit on links followed while resolving one path.
const MAX_LINKS = 40;

/**
 * Writes a file so that a crash, a power cut or a full disk never leaves it half written: the
 * bytes go to a temporary file beside it (same folder, so the rename stays on one filesystem),
 * are flushed to disk, the temporary file is renamed over the target, and the folder is flushed
 * so the rename itself survives a power cut. A symbolic link stays a link (its final target is
 * written) and an existing file keeps its permission bits (a 0600 project stays 0600).
 *
 * @example
 * await atomicWrite('/home/ada/net.convstudio.json', serializeProject(project));
 */
export async function atomicWrite(path: string, data: string | Uint8Array, fs: AtomicFs = nodeFs): Promise<void> {
  const target = await finalTarget(fs, resolve(path));
  const mode = await fs.stat(target).then((s) => s.mode & 0o7777, (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return NEW_FILE_MODE;
    throw error;
  });
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  // 'wx' fails rather than follows a link an attacker placed at the temporary name.
  const handle = await fs.open(temporary, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode); // open's mode is masked by the umask; the old file's bits are not
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined); // the write's error is the one to report
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(fs, dirname(target));
}

/** The file a path finally names, following symbolic links (dangling ones too: writing creates their target). */
async function finalTarget(fs: AtomicFs, path: string): Promise<string> {
  let current = path;
  // Up to MAX_LINKS links and then the file: MAX_LINKS + 1 looks.
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const info = await fs.lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!info?.isSymbolicLink()) return current;
    const link = await fs.readlink(current);
    current = isAbsolute(link) ? link : resolve(dirname(current), link);
  }
  throw new Error(`atomicWrite: ${path}: expected a file or a link to one, got more than ${MAX_LINKS} links in a row`);
}

/** Flushes a folder's entries (the rename) to disk. Windows cannot open a folder; NTFS journals renames. */
async function syncFolder(fs: AtomicFs, folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
