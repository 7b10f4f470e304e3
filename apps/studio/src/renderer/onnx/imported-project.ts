import { putNodeValues, type NamedTensors } from '@convstudio/core';
import { DEFAULT_VIEW_STATE, PROJECT_FORMAT, PROJECT_VERSION, type ProjectDocument } from '../../shared/project-schema.js';
import type { BackendChoice } from '../run/run-protocol.js';
import type { ImportedModel } from './onnx-import-protocol.js';

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
 * (as the studio holds every project's values; the runs move them to the worker as Float32Arrays),
 * the feature maps view, 0..1 pixels, and the first layer with weights selected (conv1's kernels
 * in the inspector). Buffers (a batch norm's running statistics) are not kept by the studio's
 * pipelines yet, which a warning says.
 *
 * @example
 * const { project, sampleId } = importedProject(model, 'cpu');
 */
export function importedProject(model: ImportedModel, backend: BackendChoice): ImportedProject {
  const weights: NamedTensors = new Map();
  const buffers = new Set<string>();
  for (const t of model.tensors) {
    if (t.name.endsWith('.weight') || t.name.endsWith('.bias')) weights.set(t.name, { shape: t.shape, data: t.data });
    else buffers.add(t.name.slice(0, t.name.lastIndexOf('.')));
  }
  const pipeline = putNodeValues({ ...model.pipeline, name: model.pipeline.name ?? stem(model.name) }, weights);
  const first = pipeline.nodes.find((n) => weights.has(`${n.id}.weight`));
  const input = pipeline.nodes.find((n) => n.kind === 'input');
  const channels = input?.kind === 'input' ? input.params.channels : 1;
  const title = stem(model.name);
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'model';
  const warnings = buffers.size > 0
    ? [`The running statistics of ${[...buffers].join(', ')} are not kept by the studio yet: these layers normalise with mean 0 and variance 1, so their maps differ from the file's model.`]
    : [];
  return {
    project: {
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      projectId: `onnx-${slug}`,
      title,
      pipeline,
      viewState: { ...DEFAULT_VIEW_STATE, view: 'maps', scale: '0-1', backend, ...(first ? { selectedNodeId: first.id } : {}) },
    },
    sampleId: channels === 3 ? 'chelsea' : 'mnist-3',
    warnings,
  };
}

/** A file name without its folder and `.onnx`. */
function stem(fileName: string): string {
  return fileName.replace(/^.*[/\\]/, '').replace(/\.onnx$/i, '') || 'Imported model';
}
