/** A file the user chose, read into memory. */
export interface OpenedFile {
  name: string;
  bytes: Uint8Array;
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
}
