import type { ProjectDocument } from '../../shared/project-schema.js';
import type { MenuCommand } from '../../shared/ipc-contract.js';

/** A file the user chose, read into memory. */
export interface OpenedFile {
  name: string;
  bytes: Uint8Array;
}

/** A project the user opened (from a dialog, the command line, the recent menu). */
export type ProjectOpenResult = { status: 'opened'; project: ProjectDocument; path?: string } | { status: 'cancelled' } | { status: 'error'; message: string };
/** Where a save went (the browser has no path: it downloads). */
export type SaveResult = { status: 'saved'; path?: string } | { status: 'cancelled' } | { status: 'error'; message: string };
/** What an earlier session left unsaved when it crashed. */
export type RecoverResult = { status: 'recovered'; project: ProjectDocument; savedAt: string } | { status: 'none' } | { status: 'error'; message: string };

/** What the host tells the studio about: menu commands, projects opened from outside, notices. */
export interface HostListeners {
  command(command: MenuCommand): void;
  projectOpened(project: ProjectDocument, path: string): void;
  notice(message: string): void;
}

/**
 * What the studio needs from where it runs. The browser host uses a file input and downloads;
 * the desktop host (Electron) goes through its preload bridge. The renderer only sees this,
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
  /** Listens to the host; returns the unsubscribe function. */
  subscribe(listeners: HostListeners): () => void;
}
