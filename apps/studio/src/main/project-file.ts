import { createHash } from 'node:crypto';
import { open, readdir, realpath, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isSidecarOf, MAX_SIDECAR_BYTES, WEIGHTS_SIDECAR_MAGIC } from '@convstudio/core';
import { INLINE_WEIGHTS_LIMIT, MAX_PROJECT_BYTES, readProjectContent, writeProjectContent, type ProjectDocument, type ProjectParseResult } from '../shared/project-schema.js';
import { atomicWrite } from './atomic-write.js';
import { readAllowedFile, readFileUpTo, type FileAccess } from './file-access.js';

/** The extension every project carries; the save dialog adds it when the user leaves it out. */
export const PROJECT_EXTENSION = '.convstudio.json';
export { INLINE_WEIGHTS_LIMIT };
/** A weights file beside a project may be larger than the project itself (AlexNet's is 245 MB). */
export const MAX_WEIGHTS_BYTES = MAX_SIDECAR_BYTES;

/**
 * Reads and checks a `.convstudio.json` the user chose, joining the weights file it names beside
 * it once its length and SHA-256 match. Too large, unreadable, not JSON, a missing weights file,
 * weights from another save or an invalid project all come back as `{ ok: false, error }` with
 * the path and the field named. After a good read, what an interrupted save left (temporary
 * files, weights files the project no longer names) is removed.
 *
 * @example
 * const result = await readProjectFile(access, '/home/ada/net.convstudio.json');
 */
export async function readProjectFile(access: FileAccess, path: string, maxBytes = MAX_PROJECT_BYTES): Promise<ProjectParseResult> {
  try {
    const real = access.grantTarget(path, await realpathOrSelf(access.check(path)));
    return await readProjectPair(real, {
      maxBytes,
      read: (file, max) => readAllowedFile(access, file, max),
      readBeside: (name, max) => readAllowedFile(access, access.grantBeside(real, name), max),
    });
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/**
 * Writes a project atomically to a path the user chose, as a pair: large weights go first to a
 * new `<name>.weights-<hash>.bin` beside it, then the project naming that file replaces the old
 * one, then the weights files no project names are removed. A kill at any moment leaves the
 * previous save or this one, whole.
 *
 * @example
 * await writeProjectFile(access, path, project);
 */
export async function writeProjectFile(access: FileAccess, path: string, project: ProjectDocument, inlineLimit?: number): Promise<void> {
  const real = access.grantTarget(path, await realpathOrSelf(access.check(path)));
  await writeProjectPair(real, project, { inlineLimit });
}

/** How {@link readProjectPair} reads: the project (refusing it above `maxBytes`) and files beside it. */
export interface PairReader {
  maxBytes?: number;
  read?: (path: string, maxBytes: number) => Promise<Uint8Array>;
  readBeside?: (name: string, maxBytes: number) => Promise<Uint8Array>;
}

/**
 * {@link readProjectFile} without the access check, for ConvStudio's own files (autosaves):
 * reads the project and its weights, then removes leftovers beside it once it opened.
 *
 * @example
 * const result = await readProjectPair(join(dir, 'autosave.convstudio.json'));
 */
export async function readProjectPair(path: string, reader: PairReader = {}): Promise<ProjectParseResult> {
  const maxBytes = reader.maxBytes ?? MAX_PROJECT_BYTES;
  const read = reader.read ?? readFileUpTo;
  const readBeside = reader.readBeside ?? ((name, max) => readFileUpTo(join(dirname(path), name), max));
  return withPathLock(path, async () => {
    let bytes: Uint8Array;
    try {
      bytes = await read(path, maxBytes);
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
    // Core's one reader: errors start with the path and name the field.
    const result = await readProjectContent(bytes, path, readBeside, maxBytes, nodeSha256);
    if (!result.ok) return result;
    // Only after a good read: a file that did not open keeps everything beside it for the user.
    await removeLeftovers(path, result.sidecar);
    return { ok: true, project: result.project };
  });
}

/**
 * {@link writeProjectFile} without the access check, for ConvStudio's own files (autosaves).
 *
 * @example
 * await writeProjectPair(join(dir, 'autosave.convstudio.json'), project);
 */
export async function writeProjectPair(path: string, project: ProjectDocument, options: { inlineLimit?: number } = {}): Promise<void> {
  const target = resolve(path);
  await withPathLock(target, async () => {
    const packed = await writeProjectContent(project, basename(target), options.inlineLimit ?? INLINE_WEIGHTS_LIMIT, nodeSha256);
    if (packed.sidecar) await atomicWrite(join(dirname(target), packed.sidecar.name), packed.sidecar.bytes);
    await atomicWrite(target, packed.text);
    await removeLeftovers(target, packed.sidecar?.name);
  });
}

/**
 * Removes a project written by {@link writeProjectPair} and its weights files: the project
 * first, so no moment leaves it naming weights that are gone.
 *
 * @example
 * await removeProjectPair(join(dir, 'autosave.convstudio.json'));
 */
export async function removeProjectPair(path: string): Promise<void> {
  await withPathLock(path, async () => {
    await rm(path, { force: true });
    await removeLeftovers(path, undefined);
  });
}

/**
 * What an interrupted save of `path` may leave beside it: weights files of this project other
 * than `keep`, and temporary files of the project or its weights whose writer is no longer
 * running. Returns what it removed; files it cannot remove are left for the next save (the save
 * itself has succeeded) and listed in `kept`.
 *
 * @example
 * await removeLeftovers('/home/ada/net.convstudio.json', 'net.convstudio.json.weights-3f2a1b9c0d4e5f60.bin');
 */
export async function removeLeftovers(path: string, keep: string | undefined): Promise<{ removed: string[]; kept: { path: string; error: string }[] }> {
  const folder = dirname(path);
  const name = basename(path);
  const removed: string[] = [];
  const kept: { path: string; error: string }[] = [];
  for (const entry of await readdir(folder).catch(() => [] as string[])) {
    const temporary = temporaryOf(name, entry);
    const stale = entry !== keep && isSidecarOf(name, entry)
      ? await startsWithMagic(join(folder, entry)) // never remove a user's file that merely has such a name
      : temporary !== undefined && (temporary.pid === process.pid || !isRunning(temporary.pid));
    if (!stale) continue;
    try {
      await rm(join(folder, entry), { force: true });
      removed.push(entry);
    } catch (error) {
      kept.push({ path: join(folder, entry), error: (error as Error).message });
    }
  }
  return { removed, kept };
}

// atomicWrite's temporary names: `.<file>.<pid>-<8 hex>.tmp`, for the project or one of its weights files.
function temporaryOf(projectName: string, entry: string): { pid: number } | undefined {
  const prefix = `.${projectName}.`;
  if (!entry.startsWith(prefix)) return undefined;
  const match = /^(?:weights-[0-9a-f]{16}\.bin\.)?(\d+)-[0-9a-f]{8}\.tmp$/.exec(entry.slice(prefix.length));
  return match ? { pid: Number(match[1]) } : undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

async function startsWithMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const { buffer, bytesRead } = await handle.read(new Uint8Array(4), 0, 4, 0);
    return new TextDecoder().decode(buffer.subarray(0, bytesRead)) === WEIGHTS_SIDECAR_MAGIC;
  } finally {
    await handle.close();
  }
}

// Saves and reads of one file in this process run one at a time: a read's clean-up must not
// remove the weights a save has written but not yet named, nor two saves remove each other's.
const locks = new Map<string, Promise<unknown>>();
async function withPathLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const key = resolve(path);
  const before = locks.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.catch(() => undefined);
  locks.set(key, settled);
  try {
    return await run;
  } finally {
    if (locks.get(key) === settled) locks.delete(key);
  }
}

async function realpathOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

// Node's hash: several times faster than Web Crypto's digest on AlexNet's 245 MB of weights.
const nodeSha256 = async (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `net` → `net.convstudio.json`; a name that already ends so is kept. */
export function withProjectExtension(path: string): string {
  return path.toLowerCase().endsWith(PROJECT_EXTENSION) ? path : `${path.replace(/\.json$/i, '')}${PROJECT_EXTENSION}`;
}
