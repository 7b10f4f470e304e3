import type { Pipeline } from '@convstudio/core';
import type { OnnxImportSummary } from '@convstudio/core/onnx';

// The messages between the studio and its ONNX import worker (onnx-import-worker.ts).

/** Import one model: the file as the user gave it (read in the worker, after its size is checked). */
export interface ImportRequest {
  type: 'import';
  name: string;
  file: Blob;
}

/** Where an import is, for the progress bar and its line of text. */
export interface ImportProgress {
  stage: 'reading' | 'converting' | 'checking' | 'done';
  /** 0 to 1, of the whole import. */
  fraction: number;
  /** The file's size; bytes read so far is `fileBytes` once reading has ended. */
  fileBytes: number;
}

/** Why an import was refused: one sentence for the user, and the core's full message behind a disclosure. */
export interface ImportFailure {
  headline: string;
  detail: string;
}

/** One named tensor moved (not copied) out of the worker: `<node>.weight`, `<node>.bias`, `<node>.runningMean`. */
export interface ImportedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
  /**
   * The same values in an ArrayBuffer of their own, copied in the worker: the run worker's first
   * message takes them (moved), so the page never copies the model's weights for it.
   */
  spare?: Float32Array;
}

/** A model the worker read: its pipeline (no values in it), its tensors, and core's summary. */
export interface ImportedModel {
  name: string;
  pipeline: Pipeline;
  tensors: ImportedTensor[];
  summary: OnnxImportSummary;
}

export type FromImportWorker = { type: 'progress'; progress: ImportProgress } | { type: 'done'; model: ImportedModel } | { type: 'failed'; failure: ImportFailure };
