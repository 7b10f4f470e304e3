import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import type { Host } from '../host/host.js';
import type { ImageLoadResult } from '../images/load-image.js';
import type { BackendChoice } from '../run/run-protocol.js';
import { sampleById } from '../samples/samples.js';
import type { Sample } from '../samples/samples.js';
import type { StudioAction } from '../state/studio-state.js';
import { chooseModelFile } from './choose-model-file.js';
import { IMPORT_SAMPLES, importedProject } from './imported-project.js';
import type { ImportedModel } from './onnx-import-protocol.js';
import { useModelDrop } from './useModelDrop.js';
import { useOnnxImport } from './useOnnxImport.js';

/** What the studio gives the model import: how to open a project, and whether the current one has unsaved edits. */
export interface ModelImportDeps {
  dispatch: Dispatch<StudioAction>;
  isDirty(): boolean;
  pickSample(sample: Sample): Promise<void>;
  backend: BackendChoice;
}

/**
 * File > Open Model… and `.onnx` drops: the model is imported in a worker, then opened the way a
 * saved project opens (asking first when the current project has unsaved edits, as opening a
 * built-in project does), on a sample image that suits its input. A failed or cancelled import
 * leaves the current project as it was.
 *
 * @example
 * const models = useModelImport(host, { dispatch, isDirty: () => dirty.current, pickSample, backend });
 * {models.state.status !== 'idle' && <OnnxImportDialog state={models.state} onCancel={models.cancel} onClose={models.dismiss} />}
 */
export function useModelImport(host: Host, deps: ModelImportDeps) {
  const depsRef = useRef(deps);
  useEffect(() => {
    depsRef.current = deps;
  });
  // The samples a model may open on, loaded while the worker reads the file: once loaded, the
  // model and its image reach the studio in the same task, so one render starts one run. Picked
  // after the model instead, the image came a moment later and its run cut short the model's
  // first, cold one (AlexNet: a second worker started and sent the 244 MB of weights again).
  const preloaded = useRef(new Map<string, Promise<ImageLoadResult>>());
  const preloadSamples = useCallback(() => {
    for (const id of Object.values(IMPORT_SAMPLES)) {
      if (preloaded.current.has(id)) continue;
      const loading = sampleById(id).load();
      preloaded.current.set(id, loading);
      // A sample that did not load is loaded again next time (and its error shown when picked).
      void loading.then((result) => !result.ok && preloaded.current.delete(id));
    }
  }, []);
  const onImported = useCallback((model: ImportedModel): string[] | false => {
    const { dispatch, isDirty, pickSample, backend } = depsRef.current;
    const imported = importedProject(model, backend);
    if (isDirty() && !window.confirm(`Open the model "${imported.project.title}"? Your unsaved changes to the current pipeline will be lost.`)) {
      dispatch({ type: 'notify', message: `The model ${model.name} was not opened; your project is unchanged.` });
      return false;
    }
    dispatch({ type: 'loadSaved', project: imported.project });
    const sample = sampleById(imported.sampleId);
    const loading = preloaded.current.get(sample.id);
    void pickSample(loading ? { ...sample, load: () => loading } : sample);
    return imported.warnings;
  }, []);
  const onnx = useOnnxImport(onImported);
  const { start: startImport, fail } = onnx;
  const start = useCallback((file: Blob, name: string) => {
    preloadSamples();
    startImport(file, name);
  }, [startImport, preloadSamples]);

  const openModel = useCallback(async () => {
    try {
      const chosen = await chooseModelFile(host);
      if (chosen) start(chosen.file, chosen.name);
    } catch (error) {
      fail('The model', { headline: 'The model file could not be read, so nothing was opened.', detail: error instanceof Error ? error.message : String(error) });
    }
  }, [host, start, fail]);
  useModelDrop(useCallback((file: File) => start(file, file.name), [start]));
  return { state: onnx.state, openModel, cancel: onnx.cancel, dismiss: onnx.dismiss };
}
