import { putNodeValues, type NamedTensors } from '@convstudio/core';
import { DEFAULT_VIEW_STATE, PROJECT_FORMAT, PROJECT_VERSION, type ProjectDocument } from '../../shared/project-schema.js';
import { offerSpareCopy } from '../run/layer-values.js';
import type { BackendChoice } from '../run/run-protocol.js';
import type { ImportedModel } from './onnx-import-protocol.js';

/** The samples imported models open on: a photograph for RGB input, an MNIST digit otherwise. */
export const IMPORT_SAMPLES = { rgb: 'chelsea', gray: 'mnist-3' } as const;

/** An imported model as the studio opens it: the project, the sample to show it on, and what the user should know. */
export interface ImportedProject {
  project: ProjectDocument;
  /** A built-in image that suits the input: an MNIST digit for one channel, a photograph for three. */
  sampleId: string;
  /** Said beside the summary: things the studio could not keep. */
  warnings: string[];
}

/**
 * The project an imported ONNX model opens as: its weights and biases written into the layers
 * as the worker's Float32Arrays (as the studio holds every project's values; runs send copies),
 * the feature maps view, 0..1 pixels, and the first layer with weights selected (conv1's kernels
 * in the inspector). Buffers (a batch norm's running statistics) go into their nodes too
 * (`bufferValues`), so the maps are the file's model's. The tensors' spare copies are offered to
 * the first run (`offerSpareCopy`): it moves them instead of copying the weights on the page.
 *
 * @example
 * const { project, sampleId } = importedProject(model, 'cpu');
 */
export function importedProject(model: ImportedModel, backend: BackendChoice): ImportedProject {
  const weights: NamedTensors = new Map(model.tensors.map((t) => [t.name, { shape: t.shape, data: t.data }]));
  // The worker moved the tensors here, so the document may keep them as they are: no copy, no
  // number arrays (AlexNet's 61 million values took the page 2.3 s as numbers).
  const pipeline = putNodeValues({ ...model.pipeline, name: model.pipeline.name ?? stem(model.name) }, weights, { as: 'float32' });
  // The worker's second copies go to the first run (moved), so the page copies nothing for it.
  for (const t of model.tensors) if (t.spare) offerSpareCopy(t.data, t.spare);
  const first = pipeline.nodes.find((n) => weights.has(`${n.id}.weight`));
  const input = pipeline.nodes.find((n) => n.kind === 'input');
  const channels = input?.kind === 'input' ? input.params.channels : 1;
  const title = stem(model.name);
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'model';
  return {
    project: {
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      projectId: `onnx-${slug}`,
      title,
      pipeline,
      viewState: { ...DEFAULT_VIEW_STATE, view: 'maps', scale: '0-1', backend, ...(first ? { selectedNodeId: first.id } : {}) },
    },
    sampleId: channels === 3 ? IMPORT_SAMPLES.rgb : IMPORT_SAMPLES.gray,
    warnings: [],
  };
}

/** A file name without its folder and `.onnx`. */
function stem(fileName: string): string {
  return fileName.replace(/^.*[/\\]/, '').replace(/\.onnx$/i, '') || 'Imported model';
}
