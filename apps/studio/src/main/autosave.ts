import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseProjectText, serializeProject, type ProjectDocument } from '../shared/project-schema.js';
import { atomicWrite } from './atomic-write.js';

/** What a crashed session left behind, ready to offer back. */
export type Recovery = { status: 'recovered'; project: ProjectDocument; savedAt: string } | { status: 'none' } | { status: 'error'; message: string };

/**
 * Autosave and crash recovery in `<userData>/autosave`. A session writes a `running` marker at
 * start and removes it (with the autosave) when it quits cleanly; finding the marker at the next
 * start means the last session crashed, so its autosave is kept aside as `recovered`.
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
    return join(this.dir, 'autosave.convstudio.json');
  }
  get recoveredFile(): string {
    return join(this.dir, 'recovered.convstudio.json');
  }
  get marker(): string {
    return join(this.dir, 'running');
  }

  /** Starts a session; returns whether the previous one crashed with unsaved work. */
  async start(): Promise<boolean> {
    await mkdir(this.dir, { recursive: true });
    const crashed = await exists(this.marker);
    const leftover = await exists(this.file);
    if (crashed && leftover) await rename(this.file, this.recoveredFile);
    else if (leftover) await rm(this.file, { force: true });
    await writeFile(this.marker, String(process.pid));
    return crashed && leftover;
  }

  /** Saves the unsaved project (atomically, so a crash mid-write keeps the previous autosave). */
  async write(project: ProjectDocument): Promise<void> {
    await atomicWrite(this.file, serializeProject(project));
  }

  /** Forgets the autosave (after the user saves or discards their changes). */
  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }

  /** Hands back what a crashed session left, once: it is removed after reading. */
  async takeRecovery(): Promise<Recovery> {
    if (!(await exists(this.recoveredFile))) return { status: 'none' };
    const savedAt = (await stat(this.recoveredFile)).mtime.toISOString();
    const result = parseProjectText(await readFile(this.recoveredFile, 'utf8'));
    await rm(this.recoveredFile, { force: true });
    return result.ok ? { status: 'recovered', project: result.project, savedAt } : { status: 'error', message: `the autosave could not be recovered: ${result.error}` };
  }

  /** Ends the session cleanly: no marker, no autosave, so the next start offers nothing. */
  async finish(): Promise<void> {
    await rm(this.file, { force: true });
    await rm(this.marker, { force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
