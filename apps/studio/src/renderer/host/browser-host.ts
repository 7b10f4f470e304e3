import { parseProjectText, serializeProject } from '../../shared/project-schema.js';
import type { Host, OpenedFile } from './host.js';

function pickFile(accept: readonly string[]): Promise<File | undefined> {
  return new Promise<File | undefined>((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept.join(',');
    input.addEventListener('change', () => resolve(input.files?.[0]));
    input.addEventListener('cancel', () => resolve(undefined));
    input.click();
  });
}

function download(suggestedName: string, bytes: Uint8Array, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = suggestedName;
  link.click();
  // Revoke after the click has been handled; revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The studio in a plain browser: files come from an `<input type="file">` and leave as
 * downloads; there are no native menus, autosave or recovery.
 *
 * @example
 * const file = await browserHost.openFile({ title: 'Open image', accept: ['.png', '.jpg'] });
 */
export const browserHost: Host = {
  kind: 'browser',
  async openFile({ accept }) {
    const file = await pickFile(accept);
    return file ? ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } satisfies OpenedFile) : undefined;
  },
  async saveFile(suggestedName, bytes, mimeType) {
    download(suggestedName, bytes, mimeType);
  },
  async openProject() {
    const file = await pickFile(['.json']);
    if (!file) return { status: 'cancelled' };
    const result = parseProjectText(await file.text());
    return result.ok ? { status: 'opened', project: result.project } : { status: 'error', message: `${file.name}: ${result.error}` };
  },
  async saveProject(project) {
    download(`${project.projectId}.convstudio.json`, new TextEncoder().encode(serializeProject(project)), 'application/json');
    return { status: 'saved' };
  },
  async exportView() {
    return { status: 'error', message: 'Export as PNG needs the desktop studio; in the browser, take a screenshot' };
  },
  documentChanged({ dirty, title }) {
    document.title = `${dirty ? '• ' : ''}${title} — ConvStudio`;
  },
  async recover() {
    return { status: 'none' };
  },
  subscribe() {
    return () => undefined;
  },
};
