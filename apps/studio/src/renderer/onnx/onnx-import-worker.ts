/// <reference lib="webworker" />
// The studio's ONNX import thread: checks the file's size before reading it, reads it, and runs
// core's importOnnx, reporting progress; the tensors go back moved, not copied, each with a
// spare copy for the run worker (import-reply.ts). Cancel is the
// page terminating this worker (importOnnx is synchronous, so no message could reach it).
import { checkOnnxSize, importOnnx, ONNX_MAX_BYTES } from '@convstudio/core/onnx';
import { importFailure } from './import-failure.js';
import { importedReply } from './import-reply.js';
import type { FromImportWorker, ImportRequest } from './onnx-import-protocol.js';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromImportWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);

self.onmessage = async ({ data }: MessageEvent<ImportRequest>) => {
  const { name, file } = data;
  const fileBytes = file.size;
  try {
    // Refused before a byte is read into memory.
    checkOnnxSize(fileBytes, ONNX_MAX_BYTES);
    post({ type: 'progress', progress: { stage: 'reading', fraction: 0, fileBytes } });
    const bytes = new Uint8Array(await file.arrayBuffer());
    let last = -1;
    const imported = importOnnx(bytes, {
      onProgress: ({ stage, fraction }) => {
        // At most a hundred messages, however many tensors the model has.
        const step = Math.floor(fraction * 100);
        if (step === last && stage === 'converting') return;
        last = step;
        post({ type: 'progress', progress: { stage, fraction, fileBytes } });
      },
    });
    const { message, transfer } = importedReply(name, imported);
    post(message, transfer);
  } catch (error) {
    post({ type: 'failed', failure: importFailure(error, name) });
  }
};
