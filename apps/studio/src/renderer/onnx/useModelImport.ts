import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import type { Host } from '../host/host.js';
import type { BackendChoice } from '../run/run-protocol.js';
import { sampleById } from '../samples/samples.js';
import type { Sample } from '../samples/samples.js';
import type { StudioAction } from '../state/studio-state.js';
import { chooseModelFile } from './choose-model-file.js';
import { importedProject } from './imported-project.js';
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
  const onImported = useCallback((model: ImportedModel): string[] | false => {
    const { dispatch, isDirty, pickSample, backend } = depsRef.current;
    const imported = importedProject(model, backend);
    if (isDirty() && !window.confirm(`Open the model "${imported.project.title}"? Your unsaved changes to the current pipeline will be lost.`)) {
      dispatch({ type: 'notify', message: `The model ${model.name} was not opened; your project is unchanged.` });
      return false;
    }
    dispatch({ type: 'loadSaved', project: imported.project });
    void pickSample(sampleById(imported.sampleId));
    return imported.warnings;
  }, []);
  const onnx = useOnnxImport(onImported);
  const { start, fail } = onnx;

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
