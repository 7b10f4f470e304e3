import { basename, join } from 'node:path';
import { MAX_IPC_BYTES } from '../shared/ipc-contract.js';
import type { ProjectDocument } from '../shared/project-schema.js';
import { atomicWrite } from './atomic-write.js';
import type { Autosave } from './autosave.js';
import { readAllowedFile, type FileAccess, type Grant } from './file-access.js';
import type { Handlers, LabMethod } from './ipc-handlers.js';
import { readProjectFile, withProjectExtension, writeProjectFile } from './project-file.js';
import type { RecentFiles } from './recent-files.js';

/** Images above this are refused before reading; the renderer scales what it accepts anyway. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/**
 * ONNX models (File > Open Model…) up to what crosses IPC: an AlexNet-size model (about 244 MB)
 * opens; the renderer's import worker applies core's own limit too.
 */
export const MAX_MODEL_BYTES = MAX_IPC_BYTES;

/** A file filter as Electron's dialogs take it. */
export interface FileFilter {
  name: string;
  extensions: string[];
}
/** Native dialogs, reduced to the chosen path (`undefined` on cancel); fakes in tests. */
export interface Dialogs {
  open(options: { title: string; filters: FileFilter[] }): Promise<string | undefined>;
  save(options: { title: string; defaultPath: string; filters: FileFilter[] }): Promise<string | undefined>;
}
/** What the handlers need from the app, given by index.ts. */
export interface StudioDeps {
  access: FileAccess;
  recent: RecentFiles;
  autosave: Autosave;
  dialogs: Dialogs;
  /** Where save dialogs start when the project was never saved. */
  documentsDir: string;
  /** The window's pixels inside `rect`, as PNG bytes. */
  capture(rect: { x: number; y: number; width: number; height: number }): Promise<Uint8Array>;
  /** Called when the project is dirty or clean again, and its title. */
  onDocumentState(state: { dirty: boolean; title: string; path?: string }): void;
  onRecentChanged(): void;
}

const PROJECT_FILTERS: FileFilter[] = [{ name: 'ConvStudio project', extensions: ['convstudio.json', 'json'] }];
const PNG_FILTERS: FileFilter[] = [{ name: 'PNG image', extensions: ['png'] }];

/**
 * The main process's side of every IPC method, plus `openPath` for files that arrive from
 * outside the renderer (command line, a second launch, the recent menu). Paths come only from
 * dialogs, those sources and the user-data folder, never from the renderer.
 *
 * @example
 * const studio = createStudioHandlers(deps);
 * registerIpcHandlers(ipcMain, studio.handlers, trusted);
 */
export function createStudioHandlers(deps: StudioDeps) {
  let currentPath: string | undefined;
  const failure = (error: unknown) => ({ status: 'error' as const, message: (error as Error).message });

  async function openPath(path: string, reason: Grant) {
    const granted = deps.access.grant(path, reason);
    const result = await readProjectFile(deps.access, granted);
    if (!result.ok) return { status: 'error' as const, message: result.error };
    currentPath = granted;
    await deps.recent.add(granted);
    deps.onRecentChanged();
    return { status: 'opened' as const, path: granted, project: result.project };
  }

  async function saveBytes(title: string, suggestedName: string, bytes: Uint8Array, filters: FileFilter[]) {
    const chosen = await deps.dialogs.save({ title, defaultPath: join(deps.documentsDir, suggestedName), filters });
    if (!chosen) return { status: 'cancelled' as const };
    const path = deps.access.grant(chosen, 'dialog');
    await atomicWrite(deps.access.check(path), bytes);
    return { status: 'saved' as const, path };
  }

  async function saveProject(project: ProjectDocument, saveAs: boolean, suggestedName?: string) {
    let path = saveAs ? undefined : currentPath;
    if (!path) {
      const defaultPath = currentPath ?? join(deps.documentsDir, suggestedName ?? `${project.projectId}.convstudio.json`);
      const chosen = await deps.dialogs.save({ title: 'Save project', defaultPath, filters: PROJECT_FILTERS });
      if (!chosen) return { status: 'cancelled' as const };
      path = deps.access.grant(withProjectExtension(chosen), 'dialog');
    }
    await writeProjectFile(deps.access, path, project);
    currentPath = path;
    await deps.autosave.clear();
    await deps.recent.add(path);
    deps.onRecentChanged();
    deps.onDocumentState({ dirty: false, title: project.title, path });
    return { status: 'saved' as const, path };
  }

  const handlers: Omit<Handlers, LabMethod> = {
    async openFile({ title, accept }) {
      const chosen = await deps.dialogs.open({ title, filters: [{ name: title, extensions: accept.map((a) => a.slice(1)) }] });
      if (!chosen) return { status: 'cancelled' };
      try {
        const path = deps.access.grant(chosen, 'dialog');
        const bytes = await readAllowedFile(deps.access, path, accept.includes('.onnx') ? MAX_MODEL_BYTES : MAX_IMAGE_BYTES);
        return { status: 'opened', name: basename(path), bytes: new Uint8Array(bytes) };
      } catch (error) {
        return failure(error);
      }
    },
    async saveFile({ suggestedName, bytes }) {
      return saveBytes('Save', suggestedName, bytes, [{ name: 'File', extensions: [suggestedName.split('.').pop() ?? '*'] }]).catch(failure);
    },
    async openProject() {
      const chosen = await deps.dialogs.open({ title: 'Open pipeline', filters: PROJECT_FILTERS });
      return chosen ? openPath(chosen, 'dialog').catch(failure) : { status: 'cancelled' };
    },
    async openRecent({ path }) {
      if (!deps.recent.has(path)) return { status: 'error', message: `openRecent: ${path} is not in the recent list` };
      const result = await openPath(path, 'recent').catch(failure);
      if (result.status === 'error') await deps.recent.remove(path).then(deps.onRecentChanged);
      return result;
    },
    async saveProject({ project, saveAs, suggestedName }) {
      return saveProject(project, saveAs, suggestedName).catch(failure);
    },
    async autosave({ project }) {
      try {
        await deps.autosave.write(project);
        return { status: 'saved', path: deps.autosave.file };
      } catch (error) {
        return failure(error);
      }
    },
    recover: () => deps.autosave.takeRecovery(),
    listRecent: () => [...deps.recent.paths],
    setDocumentState({ dirty, title }) {
      deps.onDocumentState({ dirty, title, ...(currentPath ? { path: currentPath } : {}) });
      if (!dirty) void deps.autosave.clear();
      return undefined;
    },
    async captureView({ rect, suggestedName }) {
      try {
        return await saveBytes('Export PNG', suggestedName, await deps.capture(rect), PNG_FILTERS);
      } catch (error) {
        return failure(error);
      }
    },
  };

  return { handlers, openPath, get currentPath() { return currentPath; }, startNew() { currentPath = undefined; } };
}
