import type { OnnxImport } from '@convstudio/core/onnx';
import type { FromImportWorker, ImportedTensor } from './onnx-import-protocol.js';

/**
 * The import worker's `done` message and what it moves: every tensor's values (mostly views on
 * the file's bytes, which exportOnnx aligns: each buffer moves once, no copy) and a spare copy of
 * each in a buffer of its own, made here rather than on the page. The page opens the project on
 * the former and hands the latter to the run worker's first message (offerSpareCopy): AlexNet's
 * 244 MB were copied on the page's thread for that first run before.
 *
 * @example
 * const { message, transfer } = importedReply('alexnet.onnx', importOnnx(bytes));
 * self.postMessage(message, transfer);
 */
export function importedReply(name: string, { pipeline, weights, summary }: OnnxImport): { message: FromImportWorker; transfer: ArrayBuffer[] } {
  const tensors: ImportedTensor[] = [...weights].map(([tensorName, t]) => ({ name: tensorName, shape: t.shape, data: t.data, spare: t.data.slice() }));
  const transfer = new Set<ArrayBuffer>();
  for (const t of tensors) {
    transfer.add(t.data.buffer as ArrayBuffer);
    transfer.add(t.spare!.buffer as ArrayBuffer);
  }
  return { message: { type: 'done', model: { name, pipeline, tensors, summary } }, transfer: [...transfer] };
}
