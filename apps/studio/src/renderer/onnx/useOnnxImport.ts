import type { OnnxImportSummary } from '@convstudio/core/onnx';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FromImportWorker, ImportedModel, ImportFailure, ImportProgress } from './onnx-import-protocol.js';

/** What the import dialog shows. */
export type OnnxImportState =
  | { status: 'idle' }
  | { status: 'importing'; name: string; progress?: ImportProgress }
  | { status: 'done'; name: string; summary: OnnxImportSummary; warnings: string[] }
  | { status: 'failed'; name: string; failure: ImportFailure };

/**
 * Imports ONNX models in a worker (core's importOnnx off the UI thread), with progress and
 * Cancel (the worker is terminated: the import is one synchronous call). `onImported` opens the
 * model and returns the warnings to show beside the summary, or `false` when the user kept the
 * current project instead (the dialog then closes).
 *
 * @example
 * const onnx = useOnnxImport((model) => open(model));
 * onnx.start(file, file.name);
 */
export function useOnnxImport(onImported: (model: ImportedModel) => string[] | false) {
  const [state, setState] = useState<OnnxImportState>({ status: 'idle' });
  const worker = useRef<Worker | undefined>(undefined);
  const imported = useRef(onImported);
  useEffect(() => {
    imported.current = onImported;
  }, [onImported]);
  useEffect(() => () => worker.current?.terminate(), []);

  const stop = () => {
    worker.current?.terminate();
    worker.current = undefined;
  };
  const start = useCallback((file: Blob, name: string) => {
    stop();
    const created = new Worker(new URL('./onnx-import-worker.ts', import.meta.url), { type: 'module', name: 'convstudio-onnx-import' });
    worker.current = created;
    setState({ status: 'importing', name });
    created.onmessage = ({ data }: MessageEvent<FromImportWorker>) => {
      if (worker.current !== created) return;
      if (data.type === 'progress') {
        setState({ status: 'importing', name, progress: data.progress });
        return;
      }
      stop();
      if (data.type === 'failed') {
        setState({ status: 'failed', name, failure: data.failure });
        return;
      }
      const warnings = imported.current(data.model);
      setState(warnings === false ? { status: 'idle' } : { status: 'done', name, summary: data.model.summary, warnings });
    };
    created.onerror = (event) => {
      stop();
      setState({ status: 'failed', name, failure: { headline: `${name} could not be imported: the import stopped unexpectedly; nothing was changed.`, detail: event.message || 'the import worker failed to start or crashed' } });
    };
    created.postMessage({ type: 'import', name, file });
  }, []);
  const fail = useCallback((name: string, failure: ImportFailure) => {
    stop();
    setState({ status: 'failed', name, failure });
  }, []);
  // Cancel leaves everything as it was: nothing is opened until the import has finished.
  const cancel = useCallback(() => {
    stop();
    setState({ status: 'idle' });
  }, []);
  const dismiss = useCallback(() => setState({ status: 'idle' }), []);
  return { state, start, fail, cancel, dismiss };
}
