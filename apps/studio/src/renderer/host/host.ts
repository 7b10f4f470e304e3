import type { ProjectDocument } from '../../shared/project-schema.js';
import type { MenuCommand } from '../../shared/ipc-contract.js';

/** A file the user chose, read into memory. */
export interface OpenedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * A project the user opened (from a dialog, the command line, the recent menu). `path` is set
 * when Save can write back to where it came from (a desktop path, a browser file handle's name);
 * `message` is a sentence for the user (e.g. that a stored copy was opened instead of the file).
 */
export type ProjectOpenResult = { status: 'opened'; project: ProjectDocument; path?: string; message?: string } | { status: 'cancelled' } | { status: 'error'; message: string };
/**
 * Where a save went. Without `path` (a browser download) the next Save asks again; `message`
 * says what happened where the user cannot see it (a download, what an exported PNG holds).
 */
export type SaveResult = { status: 'saved'; path?: string; message?: string } | { status: 'cancelled' } | { status: 'error'; message: string };
/** What an earlier session left unsaved when it crashed; `notes` name recovery points that could not be read. */
export type RecoverResult = { status: 'recovered'; project: ProjectDocument; savedAt: string; notes?: string[] } | { status: 'none'; notes?: string[] } | { status: 'error'; message: string };
/** A line of the File menu's Recent or Recovery list. */
export interface FileEntry {
  id: string;
  /** What the menu shows, e.g. the file name or the project title. */
  label: string;
  /** A second line: the folder, when it was saved. */
  detail?: string;
  /** Set when the entry cannot be opened, with the reason (an unreadable recovery point). */
  unavailable?: string;
}

/** What the host tells the studio about: menu commands, projects opened from outside, notices. */
export interface HostListeners {
  command(command: MenuCommand): void;
  projectOpened(project: ProjectDocument, path: string): void;
  notice(message: string): void;
}

/**
 * What the studio needs from where it runs. The browser host uses the File System Access API
 * (or a file input and downloads) and IndexedDB; the desktop host (Electron) goes through its
 * preload bridge. The renderer only sees this,
 * so the same studio runs in both (Netron's pattern).
 */
export interface Host {
  readonly kind: 'browser' | 'desktop';
  /** Asks the user for a file; `undefined` when they cancel. */
  openFile(options: { title: string; accept: readonly string[] }): Promise<OpenedFile | undefined>;
  /** Saves bytes under a suggested name (the browser downloads them). */
  saveFile(suggestedName: string, bytes: Uint8Array, mimeType: string): Promise<void>;
  /** Asks for a `.convstudio.json` and reads it. */
  openProject(): Promise<ProjectOpenResult>;
  /**
   * Saves the project: to its file (desktop, once it has one), else where the user says.
   * `closeAfter` (desktop): close the window once saved, for the unsaved-changes prompt's Save.
   */
  saveProject(project: ProjectDocument, options: { saveAs: boolean; closeAfter?: boolean }): Promise<SaveResult>;
  /** Saves the pixels of `rect` (CSS pixels of the window) as a PNG, where the user says. */
  exportView(rect: { x: number; y: number; width: number; height: number }, suggestedName: string): Promise<SaveResult>;
  /** Told on every change: the desktop shows it in the title, autosaves, and asks before closing. */
  documentChanged(state: { dirty: boolean; title: string; project: ProjectDocument }): void;
  /** The work a crashed session left, once. */
  recover(): Promise<RecoverResult>;
  /** Projects opened or saved lately, newest first. */
  listRecent(): Promise<FileEntry[]>;
  /** Opens an entry of {@link Host.listRecent}. */
  openRecent(id: string): Promise<ProjectOpenResult>;
  /** Autosaved copies of unsaved work kept by the browser, newest first (the desktop keeps one, offered by `recover`). */
  listRecoveryPoints(): Promise<FileEntry[]>;
  /** Opens an entry of {@link Host.listRecoveryPoints} as unsaved work. */
  openRecoveryPoint(id: string): Promise<ProjectOpenResult>;
  /** Listens to the host; returns the unsubscribe function. */
  subscribe(listeners: HostListeners): () => void;
}
