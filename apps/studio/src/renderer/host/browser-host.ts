import { parseProject, readProjectContent, writeProjectContent, type ProjectDocument } from '../../shared/project-schema.js';
import { blobDigests } from './blob-digest.js';
import { composeView, describeComposed } from './compose-view.js';
import { missingWeightsMessage, sortChosenFiles } from './chosen-files.js';
import { download, hasFileSystemAccess, isAbort, pickFile, pickFiles, pickOpenHandles, pickSaveHandle, PNG_TYPES, PROJECT_OPEN_TYPES, PROJECT_TYPES, readHandle, writeHandle } from './file-access.js';
import type { Host, HostListeners, ProjectOpenResult, SaveResult } from './host.js';
import { indexedDbStore, type KeyValueStore } from './kv-store.js';
import { recentProjects } from './recent-projects.js';
import { recoveryPoints } from './recovery-points.js';

/** How long the project must stay unchanged before the browser autosaves it. */
export const BROWSER_AUTOSAVE_DELAY_MS = 3000;
// Chromium refuses single IndexedDB values above about 133 MB, after cloning them on the page's
// thread: larger weights files are not offered to it at all.
const MAX_KEPT_SIDECAR_BYTES = 128 * 2 ** 20;

const failed = (error: unknown) => ({ status: 'error' as const, message: error instanceof Error ? error.message : String(error) });
const fileNameOf = (project: ProjectDocument) => `${project.title.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || project.projectId || 'project'}.convstudio.json`;

/** Options of {@link createBrowserHost}; the defaults are what the page uses. */
export interface BrowserHostOptions {
  store?: KeyValueStore;
  sessionId?: string;
  /** Whether to use the File System Access pickers; by default, when the browser has them. */
  fileSystemAccess?: boolean;
}

/**
 * The studio in a plain browser. With the File System Access API (Chromium) Save writes the
 * same file again; elsewhere projects leave as downloads and come in through a file input.
 * Recent projects (with their file handles and a copy) and recovery points live in IndexedDB;
 * unsaved work is autosaved a few seconds after each change and offered on the next load.
 *
 * @example
 * const host = window.convstudio ? desktopHost(window.convstudio) : createBrowserHost();
 */
export function createBrowserHost(options: BrowserHostOptions = {}): Host {
  const store = options.store ?? indexedDbStore();
  const sessionId = options.sessionId ?? crypto.randomUUID();
  const fsa = () => options.fileSystemAccess ?? hasFileSystemAccess();
  const recent = recentProjects(store);
  const recovery = recoveryPoints(store, sessionId);
  // The file Save writes to (File System Access); none after a download or a file input.
  let current: FileSystemFileHandle | undefined;
  let listeners: HostListeners | undefined;
  let autosaveTimer: ReturnType<typeof setTimeout> | undefined;
  let lastAutosaveError: string | undefined;

  // A lock held for the page's life tells other tabs this session is alive, so its work is not
  // offered to them as left behind.
  const lockName = (id: string) => `convstudio-session:${id}`;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  void locks?.request(lockName(sessionId), () => new Promise<never>(() => undefined));
  const isLive = async (id: string) => ((await locks?.query())?.held ?? []).some((l) => l.name === lockName(id));

  const remember = (name: string, project: ProjectDocument, text: string, handle?: FileSystemFileHandle) =>
    recent.add({ name, title: project.title, text, ...(handle ? { handle } : {}) }).catch((error: Error) => listeners?.notice(`The recent projects list could not be updated: ${error.message}`));

  // Weights files beside a project: those chosen with a project in Open (this page's life), and
  // those this browser saved, kept in IndexedDB by name. A page cannot read a folder, so a
  // project from elsewhere (the CLI, the desktop studio) opens when its weights file is chosen with it.
  const SIDECAR = 'sidecar:';
  const chosenBeside = new Map<string, Blob>();
  // Weights files are hashed in a worker (core checks and names them by SHA-256).
  const digests = blobDigests();
  const readBeside = async (file: string, maxBytes: number) => {
    const chosen = chosenBeside.get(file);
    if (chosen) {
      if (chosen.size > maxBytes) throw new Error(`too large: expected at most ${maxBytes} bytes, got ${chosen.size}`);
      return digests.read(chosen);
    }
    const bytes = await store.get<Uint8Array>(`${SIDECAR}${file}`).catch(() => undefined);
    if (!bytes) throw new Error(missingWeightsMessage(file));
    return bytes;
  };
  // Open's files: the project, read, and the weights files chosen with it, kept for readBeside.
  const openChosen = async <T extends { name: string }>(files: readonly T[], fileOf: (f: T) => Promise<File>, handleOf: (f: T) => FileSystemFileHandle | undefined): Promise<ProjectOpenResult> => {
    if (files.length === 0) return { status: 'cancelled' };
    const chosen = sortChosenFiles(files);
    if (!chosen.ok) return { status: 'error', message: chosen.error };
    for (const [name, f] of chosen.beside) chosenBeside.set(name, await fileOf(f));
    return opened(chosen.project.name, await (await fileOf(chosen.project)).text(), handleOf(chosen.project));
  };
  const opened = async (name: string, text: string, handle?: FileSystemFileHandle): Promise<ProjectOpenResult> => {
    // Core's one reader: the current format and every old one (migrated); errors start with the name.
    const result = await readProjectContent(text, name, readBeside, undefined, digests.sha256);
    if (!result.ok) return { status: 'error', message: result.error };
    current = handle;
    await remember(name, result.project, text, handle);
    return { status: 'opened', project: result.project, ...(handle ? { path: handle.name } : {}) };
  };

  const saveBytes = async (suggestedName: string, data: Blob, types = PROJECT_TYPES, reuse?: FileSystemFileHandle): Promise<{ handle?: FileSystemFileHandle; cancelled?: true }> => {
    if (!fsa()) {
      download(suggestedName, data);
      return {};
    }
    const handle = reuse ?? (await pickSaveHandle(suggestedName, types));
    if (!handle) return { cancelled: true };
    await writeHandle(handle, data);
    return { handle };
  };

  return {
    kind: 'browser',
    async openFile({ accept }) {
      const file = await pickFile(accept);
      return file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : undefined;
    },
    async saveFile(suggestedName, bytes, mimeType) {
      await saveBytes(suggestedName, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }), [{ description: suggestedName, accept: { [mimeType]: [suggestedName.slice(suggestedName.lastIndexOf('.'))] } }]);
    },
    async openProject() {
      try {
        if (fsa()) return await openChosen(await pickOpenHandles(PROJECT_OPEN_TYPES), readHandle, (handle) => handle);
        return await openChosen(await pickFiles(['.json', '.bin']), async (file) => file, () => undefined);
      } catch (error) {
        return isAbort(error) ? { status: 'cancelled' } : failed(error);
      }
    },
    async saveProject(project, { saveAs }): Promise<SaveResult> {
      const name = current?.name ?? fileNameOf(project);
      try {
        const { text, sidecar } = await writeProjectContent(project, name, undefined, digests.sha256);
        let kept = true;
        if (sidecar) {
          // Large weights: the binary file goes first, downloaded beside the project, and a copy is
          // kept here for reopening. Chromium refuses single IndexedDB values above about 133 MB
          // (AlexNet's are 244 MB): then no copy is kept, and Open takes the two files together.
          kept = sidecar.bytes.length <= MAX_KEPT_SIDECAR_BYTES && (await store.set(`${SIDECAR}${sidecar.name}`, sidecar.bytes).then(() => true, () => false));
          // One Blob (one copy of the bytes, made when the writer hashed them) for the download and for reopening in this page.
          const blob = digests.blobOf(sidecar.bytes);
          chosenBeside.set(sidecar.name, blob);
          download(sidecar.name, blob);
        }
        const { handle, cancelled } = await saveBytes(name, new Blob([text], { type: 'application/json' }), PROJECT_TYPES, saveAs ? undefined : current);
        if (cancelled) return { status: 'cancelled' };
        current = handle;
        await remember(handle?.name ?? name, project, text, handle);
        const together = sidecar ? ` with its weights file ${sidecar.name}${kept ? '' : ' (too large to keep a copy in this browser)'}; open both together with File › Open project.` : '; open it again with File › Open project.';
        if (handle) return { status: 'saved', path: handle.name, ...(sidecar ? { message: `Saved ${handle.name}${together}` } : {}) };
        return { status: 'saved', message: `Saved ${name} as a download${together}` };
      } catch (error) {
        return failed(error);
      }
    },
    async exportView(rect, suggestedName) {
      try {
        // Ask where first: the picker needs the click that asked for it to be recent.
        const handle = fsa() ? await pickSaveHandle(suggestedName, PNG_TYPES) : undefined;
        if (fsa() && !handle) return { status: 'cancelled' };
        const view = await composeView(rect);
        await saveBytes(suggestedName, view.png, PNG_TYPES, handle);
        return { status: 'saved', ...(handle ? { path: handle.name } : {}), message: `Exported ${handle?.name ?? suggestedName}: ${describeComposed(view)}.` };
      } catch (error) {
        return failed(error);
      }
    },
    documentChanged({ dirty, title, project }) {
      document.title = `${dirty ? '• ' : ''}${title} — ConvStudio`;
      clearTimeout(autosaveTimer);
      if (!dirty) {
        void recovery.markSaved().catch((error: Error) => console.error(`recovery: ${error.message}`));
        return;
      }
      // A pipeline mid-edit (a layer not wired yet) is not a valid project; the last valid point stays.
      autosaveTimer = setTimeout(() => {
        if (!parseProject(project).ok) return;
        recovery.write(project).then(
          () => (lastAutosaveError = undefined),
          (error: Error) => {
            if (error.message !== lastAutosaveError) listeners?.notice(`Autosave in this browser failed: ${error.message}`);
            lastAutosaveError = error.message;
          },
        );
      }, BROWSER_AUTOSAVE_DELAY_MS);
    },
    async recover() {
      try {
        const { point, notes } = await recovery.offer(isLive);
        return point ? { status: 'recovered', project: point.project, savedAt: point.savedAt, notes } : { status: 'none', notes };
      } catch (error) {
        return { status: 'error', message: `Unsaved work from an earlier visit could not be looked for in this browser's storage: ${failed(error).message}` };
      }
    },
    async listRecent() {
      return (await recent.list()).map((e) => ({ id: e.id, label: e.title || e.name, detail: `${e.name} · ${new Date(e.at).toLocaleString()}`, ...(e.handle || e.hasCopy ? {} : { unavailable: 'too large to keep a copy, and this browser keeps no file handle' }) }));
    },
    async openRecent(id) {
      const entry = (await recent.list()).find((e) => e.id === id);
      if (!entry) return { status: 'error', message: 'That project is no longer in the recent list.' };
      let fromFile = '';
      if (entry.handle && fsa()) {
        try {
          return await opened(entry.name, await (await readHandle(entry.handle)).text(), entry.handle);
        } catch (error) {
          fromFile = ` (the file could not be read: ${(error as Error).message})`;
        }
      }
      const copy = await recent.copy(id);
      if (copy === undefined) return { status: 'error', message: `${entry.name} could not be reopened${fromFile || ': no copy was kept in this browser'}.` };
      const result = await opened(entry.name, copy);
      return result.status === 'opened' ? { ...result, message: `Opened the copy of ${entry.name} this browser kept when it was last saved or opened${fromFile}.` } : result;
    },
    async listRecoveryPoints() {
      const { points, unreadable } = await recovery.list();
      return [
        ...points.map((p) => ({ id: p.key, label: p.title, detail: `autosaved ${new Date(p.savedAt).toLocaleString()}${p.sessionId === sessionId ? ' (this tab)' : ''}` })),
        ...unreadable.map((u) => ({ id: u.key, label: 'Unreadable recovery point', detail: 'kept in this browser', unavailable: u.error })),
      ];
    },
    async openRecoveryPoint(key) {
      const result = await recovery.read(key);
      if (!result.ok) return { status: 'error', message: result.error };
      current = undefined;
      return { status: 'opened', project: result.project, message: 'Opened a recovery point as unsaved work; save it to keep it.' };
    },
    subscribe(next) {
      listeners = next;
      return () => {
        if (listeners === next) listeners = undefined;
      };
    },
  };
}
