import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProjectDocument } from '../shared/project-schema.js';
import { readProjectPair, removeProjectPair, writeProjectPair } from './project-file.js';

/** What a crashed session left behind, ready to offer back. */
export type Recovery = { status: 'recovered'; project: ProjectDocument; savedAt: string } | { status: 'none' } | { status: 'error'; message: string };

/** Recovery points kept; older ones are removed when a new one is made. */
export const RECOVERY_POINTS = 5;
const PROJECT = 'autosave.convstudio.json';
const OFFERED = 'offered';

/**
 * Autosave and crash recovery in `<userData>/autosave`:
 *
 * - `current/` holds this session's autosave, saved as projects are (weights in a binary file
 *   beside it, the pair written so a crash mid-write keeps the previous autosave whole);
 * - `running` marks a session in progress;
 * - `recovery/<time>/` holds what earlier sessions left: at start an autosave left behind (the
 *   session crashed) is moved there whole, in one rename; the last {@link RECOVERY_POINTS} are kept;
 * - `unreadable/<time>/` holds a recovery point that could not be read (too large, from a newer
 *   version, damaged): it is never deleted, and the user is told where it is.
 *
 * @example
 * const autosave = new Autosave(join(app.getPath('userData'), 'autosave'));
 * await autosave.start();
 * await autosave.write(project); // every few seconds while dirty
 * await autosave.finish();       // on a clean quit
 */
export class Autosave {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  get file(): string {
    return join(this.dir, 'current', PROJECT);
  }
  get marker(): string {
    return join(this.dir, 'running');
  }
  get recoveryDir(): string {
    return join(this.dir, 'recovery');
  }
  get unreadableDir(): string {
    return join(this.dir, 'unreadable');
  }

  /**
   * Starts a session: keeps what the last one left as a recovery point and returns whether one
   * is waiting to be offered. Throws when the folder cannot be made; the app runs on without
   * autosave and says so.
   */
  async start(): Promise<boolean> {
    const current = join(this.dir, 'current');
    await mkdir(this.recoveryDir, { recursive: true });
    await this.adoptOldLayout();
    if (await exists(this.file)) await rename(current, await this.newPoint(this.recoveryDir)); // the pair moves as one
    await mkdir(current, { recursive: true });
    await removeProjectPair(this.file); // weights or temporary files of an autosave that never got written
    await this.prune();
    await writeFile(this.marker, String(process.pid));
    return (await this.pending()) !== undefined;
  }

  /** Saves the unsaved project as a project/weights pair, so a crash mid-write keeps the previous autosave. */
  async write(project: ProjectDocument): Promise<void> {
    await writeProjectPair(this.file, project);
  }

  /** Forgets the autosave (after the user saves or discards their changes). */
  async clear(): Promise<void> {
    await removeProjectPair(this.file);
  }

  /**
   * Hands back the newest recovery point not offered yet, once. It stays on disk (among the
   * last {@link RECOVERY_POINTS}) until the user has saved; one that cannot be read is moved to
   * `unreadable/` and the message says where.
   */
  async takeRecovery(): Promise<Recovery> {
    const point = await this.pending();
    if (!point) return { status: 'none' };
    const file = join(point, PROJECT);
    const savedAt = await stat(file).then((s) => s.mtime.toISOString(), () => undefined);
    const result = savedAt ? await readProjectPair(file) : { ok: false as const, error: `${file}: the autosave file is missing` };
    if (result.ok) {
      await writeFile(join(point, OFFERED), '');
      return { status: 'recovered', project: result.project, savedAt: savedAt! };
    }
    const kept = await this.newPoint(this.unreadableDir);
    await mkdir(this.unreadableDir, { recursive: true });
    await rename(point, kept);
    const reason = result.error.startsWith(`${file}: `) ? result.error.slice(file.length + 2) : result.error;
    return { status: 'error', message: `The autosave of your last session could not be recovered (${reason}). It was kept in ${kept}.` };
  }

  /** Ends the session cleanly: no marker, no autosave, so the next start offers nothing new. */
  async finish(): Promise<void> {
    await removeProjectPair(this.file);
    await rm(this.marker, { force: true });
  }

  /** The newest recovery point not yet offered. */
  private async pending(): Promise<string | undefined> {
    for (const name of (await points(this.recoveryDir)).reverse()) {
      if (!(await exists(join(this.recoveryDir, name, OFFERED)))) return join(this.recoveryDir, name);
    }
    return undefined;
  }

  private async prune(): Promise<void> {
    const all = await points(this.recoveryDir);
    for (const name of all.slice(0, Math.max(0, all.length - RECOVERY_POINTS))) await rm(join(this.recoveryDir, name), { recursive: true, force: true });
  }

  /**
   * A new folder name under `parent`, sorting after every folder there: the time, or when the
   * clock went back or has not moved since the last point, the last name counted on
   * (`…Z-001`, `…Z-002`). Reusing a time whose point was pruned would sort the newest point
   * first, where the next prune removes it and the offer skips it.
   */
  private async newPoint(parent: string): Promise<string> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const last = (await points(parent)).at(-1);
    if (last === undefined || stamp > last) return join(parent, stamp);
    const [, base, count] = /^(.*?)(?:-(\d{3,}))?$/.exec(last)!;
    return join(parent, `${base}-${String(Number(count ?? 0) + 1).padStart(3, '0')}`);
  }

  /** Earlier versions kept single files in the folder itself; each becomes a recovery point. */
  private async adoptOldLayout(): Promise<void> {
    for (const old of ['recovered.convstudio.json', PROJECT]) {
      if (!(await exists(join(this.dir, old)))) continue;
      const point = await this.newPoint(this.recoveryDir);
      await mkdir(point);
      await rename(join(this.dir, old), join(point, PROJECT));
    }
  }
}

/**
 * Starts autosave without ever stopping the app: a folder that cannot be made (no space, no
 * permission, a file in the way) comes back as a message for the user, and the app runs on.
 *
 * @example
 * const started = await startAutosave(autosave);
 * if ('error' in started) notify(started.error);
 */
export async function startAutosave(autosave: Autosave): Promise<{ recovery: boolean } | { error: string }> {
  try {
    return { recovery: await autosave.start() };
  } catch (error) {
    return { error: `Autosave is off for this session: its folder ${autosave.dir} could not be prepared (${(error as Error).message}). Save your work with File › Save.` };
  }
}

/** Recovery point folder names, oldest first (their names are ISO times). */
async function points(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
