import type { Host } from '../host/host.js';
import { pickFile } from '../host/file-access.js';

/**
 * Asks the user for an `.onnx` file. In the browser the File itself comes back, unread, so the
 * import worker checks its size before reading it (a model over the limit is never read into
 * memory); the desktop's dialog reads it in the main process and hands the bytes over IPC.
 * `undefined` when the user cancels.
 */
export async function chooseModelFile(host: Host): Promise<{ name: string; file: Blob } | undefined> {
  if (host.kind === 'browser') {
    const file = await pickFile(['.onnx']);
    return file ? { name: file.name, file } : undefined;
  }
  const opened = await host.openFile({ title: 'Open ONNX model', accept: ['.onnx'] });
  return opened ? { name: opened.name, file: new Blob([opened.bytes as Uint8Array<ArrayBuffer>]) } : undefined;
}
