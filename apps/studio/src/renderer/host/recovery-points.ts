import { parseProject, readProjectContent, type ProjectDocument, type ProjectParseResult } from '../../shared/project-schema.js';
import type { KeyValueStore } from './kv-store.js';

/** How many recovery points the browser keeps (the newest; unreadable ones are never removed). */
export const RECOVERY_KEEP = 5;
const POINT = 'recovery:';
const SAVED = 'recovery-saved:';
const NOTED = 'recovery-noted:';

/** One autosaved copy of unsaved work, as listed (the project itself is read on demand). */
export interface RecoveryPoint {
  key: string;
  sessionId: string;
  savedAt: string;
  title: string;
}
// Version 2 keeps the project itself (IndexedDB clones it, weights and all, with no JSON in
// between); version 1, from earlier studios, kept its text.
type StoredPoint = Omit<RecoveryPoint, 'key'> & ({ version: 1; text: string } | { version: 2; project: unknown });

/** What the page found to recover on loading: the newest unsaved work, and what could not be read. */
export interface RecoveryOffer {
  point?: RecoveryPoint & { project: ProjectDocument };
  notes: string[];
}

const when = (iso: string) => new Date(iso).toLocaleString();
const keyOf = (savedAt: string, sessionId: string) => `${POINT}${savedAt}:${sessionId}`;
// Keys sort by time (ISO dates), so the store never has to be read whole to find the newest.
const pointKeys = async (store: KeyValueStore) => (await store.keys()).filter((k) => k.startsWith(POINT)).sort().reverse();

async function readPoint(store: KeyValueStore, key: string): Promise<{ ok: true; meta: RecoveryPoint; result: ProjectParseResult } | { ok: false; error: string }> {
  try {
    const stored = await store.get<StoredPoint>(key);
    if (!stored || !((stored.version === 1 && typeof stored.text === 'string') || stored.version === 2)) return { ok: false, error: 'it is not a recovery point this studio wrote' };
    const result = stored.version === 1 ? await readProjectContent(stored.text, 'recovery point') : parseProject(stored.project);
    if (!result.ok) return { ok: false, error: result.error };
    return { ok: true, meta: { key, sessionId: stored.sessionId, savedAt: stored.savedAt, title: stored.title }, result };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/**
 * Autosaved copies of unsaved work in the browser, one list for every tab and session. Each
 * session writes points under its id; once its work is saved it leaves a marker, so only work
 * that was never saved is offered on the next load. A point that cannot be read is kept, never
 * pruned, and named in the offer's notes.
 *
 * @example
 * const recovery = recoveryPoints(indexedDbStore(), crypto.randomUUID());
 * await recovery.write(project);             // a few seconds after an edit
 * const { point, notes } = await recovery.offer(); // on the next load
 */
export function recoveryPoints(store: KeyValueStore, sessionId: string, options: { keep?: number; now?: () => Date } = {}) {
  const keep = options.keep ?? RECOVERY_KEEP;
  const now = options.now ?? (() => new Date());
  let wrote = false;
  // Points never change once written (each key holds its time and session), so a key that read
  // back whole once stays readable: pruning after each autosave then parses nothing it has seen,
  // instead of every stored project again on the page's thread.
  const knownReadable = new Set<string>();
  const readable = async (key: string) => {
    if (knownReadable.has(key)) return true;
    const ok = (await readPoint(store, key)).ok;
    if (ok) knownReadable.add(key);
    return ok;
  };

  // The newest `keep` points that read back whole stay, and older readable ones go; a point that
  // cannot be read is never removed (it may be the only copy of someone's work, and a later
  // version of the studio may read it) and does not count.
  async function prune(): Promise<void> {
    let kept = 0;
    for (const key of await pointKeys(store)) {
      if (!(await readable(key))) continue;
      if (++kept > keep) {
        await store.del(key);
        knownReadable.delete(key);
      }
    }
    const sessions = new Set((await pointKeys(store)).map((k) => k.slice(k.lastIndexOf(':') + 1)));
    for (const marker of (await store.keys()).filter((k) => k.startsWith(SAVED))) {
      if (!sessions.has(marker.slice(SAVED.length))) await store.del(marker);
    }
  }

  return {
    /** Stores the project as this session's newest point, then trims the list. */
    async write(project: ProjectDocument): Promise<RecoveryPoint> {
      const savedAt = now().toISOString();
      const point: StoredPoint = { version: 2, sessionId, savedAt, title: project.title, project };
      await store.set(keyOf(savedAt, sessionId), point);
      knownReadable.add(keyOf(savedAt, sessionId));
      wrote = true;
      await prune();
      return { key: keyOf(savedAt, sessionId), sessionId, savedAt, title: project.title };
    },
    /** This session's work is saved (or dropped on purpose): its points are no longer unsaved work. */
    async markSaved(session = sessionId): Promise<void> {
      if (session === sessionId && !wrote) return;
      await store.set(`${SAVED}${session}`, now().toISOString());
    },
    /** Every point, newest first, and the keys of those that could not be read. */
    async list(): Promise<{ points: RecoveryPoint[]; unreadable: { key: string; error: string }[] }> {
      const points: RecoveryPoint[] = [];
      const unreadable: { key: string; error: string }[] = [];
      for (const key of await pointKeys(store)) {
        const read = await readPoint(store, key);
        if (read.ok) points.push(read.meta);
        else unreadable.push({ key, error: read.error });
      }
      return { points, unreadable };
    },
    /** The project of one point. */
    async read(key: string): Promise<ProjectParseResult> {
      const read = await readPoint(store, key);
      return read.ok ? read.result : { ok: false, error: `the recovery point could not be read (${read.error}); it stays in this browser's storage` };
    },
    /**
     * The newest work another session left unsaved (not one still open in another tab, says
     * `isLive`), marking that session as taken care of so it is offered once.
     */
    async offer(isLive: (sessionId: string) => Promise<boolean> = async () => false): Promise<RecoveryOffer> {
      const notes: string[] = [];
      for (const key of await pointKeys(store)) {
        const session = key.slice(key.lastIndexOf(':') + 1);
        const savedAt = key.slice(POINT.length, key.lastIndexOf(':'));
        if (session === sessionId || (await isLive(session))) continue;
        const marker = await store.get<string>(`${SAVED}${session}`).catch(() => undefined);
        if (marker !== undefined && marker >= savedAt) continue;
        const read = await readPoint(store, key);
        if (!read.ok) {
          // Said once per point; the File menu keeps listing it.
          if ((await store.get(`${NOTED}${key}`).catch(() => undefined)) === undefined) {
            notes.push(`A recovery point from ${when(savedAt)} could not be read (${read.error}); it is kept in this browser's storage.`);
            await store.set(`${NOTED}${key}`, true);
          }
          continue;
        }
        if (!read.result.ok) continue;
        await this.markSaved(session);
        return { point: { ...read.meta, project: read.result.project }, notes };
      }
      return { notes };
    },
  };
}

export type RecoveryPoints = ReturnType<typeof recoveryPoints>;
