import type { KeyValueStore } from './kv-store.js';

/** How many recent projects the File menu lists. */
export const RECENT_KEEP = 8;
/** Copies above this many characters are not kept (the file handle, where there is one, still is). */
export const MAX_RECENT_COPY_CHARS = 16 * 1024 * 1024;
const LIST = 'recent';
const COPY = 'recent-copy:';

/**
 * A project opened or saved in this browser. `handle` (File System Access) reopens the file
 * itself; the copy, kept beside it, reopens what was last saved or opened where there is no
 * handle or it no longer reads.
 */
export interface RecentProject {
  id: string;
  /** The file's name, e.g. `net.convstudio.json`. */
  name: string;
  title: string;
  /** When it was last opened or saved (ISO). */
  at: string;
  handle?: FileSystemFileHandle;
  hasCopy: boolean;
}

async function sameFile(a: RecentProject, name: string, handle: FileSystemFileHandle | undefined): Promise<boolean> {
  if (handle && a.handle) return a.handle.isSameEntry(handle).catch(() => false);
  return !handle && !a.handle && a.name === name;
}

/**
 * The recent-projects list of the web host, newest first, in a {@link KeyValueStore}.
 *
 * @example
 * const recent = recentProjects(indexedDbStore());
 * await recent.add({ name: 'net.convstudio.json', title: 'Net', text, handle });
 * const [latest] = await recent.list();
 */
export function recentProjects(store: KeyValueStore, options: { keep?: number; now?: () => Date; newId?: () => string } = {}) {
  const keep = options.keep ?? RECENT_KEEP;
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const list = async () => (await store.get<RecentProject[]>(LIST)) ?? [];

  return {
    list,
    /** Puts the project first (replacing its earlier entry) with a copy of its text. */
    async add(entry: { name: string; title: string; text: string; handle?: FileSystemFileHandle }): Promise<RecentProject> {
      const entries = await list();
      const kept: RecentProject[] = [];
      let id: string | undefined;
      for (const e of entries) {
        if (id === undefined && (await sameFile(e, entry.name, entry.handle))) id = e.id;
        else kept.push(e);
      }
      const hasCopy = entry.text.length <= MAX_RECENT_COPY_CHARS;
      const item: RecentProject = { id: id ?? newId(), name: entry.name, title: entry.title, at: now().toISOString(), hasCopy, ...(entry.handle ? { handle: entry.handle } : {}) };
      if (hasCopy) await store.set(`${COPY}${item.id}`, entry.text);
      else await store.del(`${COPY}${item.id}`);
      const next = [item, ...kept];
      await store.set(LIST, next.slice(0, keep));
      for (const dropped of next.slice(keep)) await store.del(`${COPY}${dropped.id}`);
      return item;
    },
    /** The text kept for an entry, or `undefined` when none was. */
    async copy(id: string): Promise<string | undefined> {
      return store.get<string>(`${COPY}${id}`);
    },
    /** Takes an entry off the list (its file, if any, stays where it is). */
    async remove(id: string): Promise<void> {
      await store.set(LIST, (await list()).filter((e) => e.id !== id));
      await store.del(`${COPY}${id}`);
    },
  };
}

export type RecentProjects = ReturnType<typeof recentProjects>;
