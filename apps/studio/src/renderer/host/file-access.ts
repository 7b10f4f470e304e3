/**
 * Files in the browser: the File System Access API where the browser has it (Chromium), so a
 * file chosen once is written again by Save; elsewhere an `<input type="file">` and downloads.
 */

/** One entry of a picker's type list, e.g. `{ description: 'PNG image', accept: { 'image/png': ['.png'] } }`. */
export interface PickerType {
  description: string;
  accept: Record<string, string[]>;
}
// The parts of the API the studio uses; TypeScript's DOM library does not have the pickers yet.
interface PermissionHandle {
  queryPermission?(options: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
  requestPermission?(options: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
}
interface FsaWindow {
  showSaveFilePicker(options: { suggestedName?: string; types?: PickerType[]; id?: string }): Promise<FileSystemFileHandle>;
  showOpenFilePicker(options: { types?: PickerType[]; multiple?: boolean; id?: string }): Promise<FileSystemFileHandle[]>;
}

export const PROJECT_TYPES: PickerType[] = [{ description: 'ConvStudio project', accept: { 'application/json': ['.json'] } }];
export const PNG_TYPES: PickerType[] = [{ description: 'PNG image', accept: { 'image/png': ['.png'] } }];
/** Open takes a project and, chosen with it, the weights file it keeps beside it (`.bin`). */
export const PROJECT_OPEN_TYPES: PickerType[] = [{ description: 'ConvStudio project and its weights file', accept: { 'application/json': ['.json'], 'application/octet-stream': ['.bin'] } }];

/**
 * Whether this page can use the File System Access pickers (Chromium in a secure context).
 *
 * @example
 * if (hasFileSystemAccess()) handle = await pickSaveHandle('net.convstudio.json', PROJECT_TYPES);
 */
export function hasFileSystemAccess(scope: object = globalThis): boolean {
  return typeof (scope as Partial<FsaWindow>).showSaveFilePicker === 'function' && typeof (scope as Partial<FsaWindow>).showOpenFilePicker === 'function';
}

/** True for the error a picker throws when the user closes it. */
export const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

/** Asks where to save; `undefined` when the user cancels. */
export async function pickSaveHandle(suggestedName: string, types: PickerType[]): Promise<FileSystemFileHandle | undefined> {
  try {
    return await (globalThis as unknown as FsaWindow).showSaveFilePicker({ suggestedName, types });
  } catch (error) {
    if (isAbort(error)) return undefined;
    throw error;
  }
}

/** Asks for one file to open; `undefined` when the user cancels. */
export async function pickOpenHandle(types: PickerType[]): Promise<FileSystemFileHandle | undefined> {
  try {
    const [handle] = await (globalThis as unknown as FsaWindow).showOpenFilePicker({ types, multiple: false });
    return handle;
  } catch (error) {
    if (isAbort(error)) return undefined;
    throw error;
  }
}

/** Asks for one or more files to open (a project and its weights file); empty when the user cancels. */
export async function pickOpenHandles(types: PickerType[]): Promise<FileSystemFileHandle[]> {
  try {
    return await (globalThis as unknown as FsaWindow).showOpenFilePicker({ types, multiple: true });
  } catch (error) {
    if (isAbort(error)) return [];
    throw error;
  }
}

/**
 * Makes sure the page may use a handle kept from earlier (a recent project, Save after Open):
 * asks the user when the browser wants it asked. Needs a user gesture when it asks.
 */
export async function ensurePermission(handle: FileSystemFileHandle, mode: 'read' | 'readwrite'): Promise<boolean> {
  const h = handle as FileSystemFileHandle & PermissionHandle;
  if (!h.queryPermission) return true;
  if ((await h.queryPermission({ mode })) === 'granted') return true;
  return (await h.requestPermission?.({ mode })) === 'granted';
}

/** Replaces the file's content (the browser writes a temporary file and swaps it in on close). */
export async function writeHandle(handle: FileSystemFileHandle, data: Blob | string): Promise<void> {
  if (!(await ensurePermission(handle, 'readwrite'))) throw new Error(`the browser did not allow writing to ${handle.name}`);
  const writable = await handle.createWritable();
  try {
    await writable.write(data);
    await writable.close();
  } catch (error) {
    await writable.abort().catch(() => undefined);
    throw error;
  }
}

/** The file behind a handle, after asking for permission to read it when needed. */
export async function readHandle(handle: FileSystemFileHandle): Promise<File> {
  if (!(await ensurePermission(handle, 'read'))) throw new Error(`the browser did not allow reading ${handle.name}`);
  return handle.getFile();
}

/** An `<input type="file">` picker; `undefined` when the user cancels. */
export async function pickFile(accept: readonly string[]): Promise<File | undefined> {
  return (await pickFiles(accept, false))[0];
}

/** An `<input type="file">` picker for one file or (`multiple`) several; empty when the user cancels. */
export function pickFiles(accept: readonly string[], multiple = true): Promise<File[]> {
  return new Promise<File[]>((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = multiple;
    input.accept = accept.join(',');
    input.addEventListener('change', () => resolve([...(input.files ?? [])]));
    input.addEventListener('cancel', () => resolve([]));
    input.click();
  });
}

/** Hands bytes to the browser as a download named `suggestedName`. */
export function download(suggestedName: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = suggestedName;
  link.click();
  // Revoke after the click has been handled; revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
