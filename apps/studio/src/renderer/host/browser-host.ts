import type { Host, OpenedFile } from './host.js';

/**
 * The studio in a plain browser: files come from an `<input type="file">` and leave as
 * downloads.
 *
 * @example
 * const file = await browserHost.openFile({ title: 'Open image', accept: ['.png', '.jpg'] });
 */
export const browserHost: Host = {
  kind: 'browser',
  openFile({ accept }) {
    return new Promise<OpenedFile | undefined>((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = accept.join(',');
      input.addEventListener('change', async () => {
        const file = input.files?.[0];
        resolve(file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : undefined);
      });
      input.addEventListener('cancel', () => resolve(undefined));
      input.click();
    });
  },
  async saveFile(suggestedName, bytes, mimeType) {
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = suggestedName;
    link.click();
    // Revoke after the click has been handled; revoking at once can cancel the download.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
