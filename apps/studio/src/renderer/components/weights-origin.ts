import { parameterizedKinds, type Pipeline } from '@convstudio/core';

/** What a learner should know about the numbers in the kernels before reading the maps. */
export interface WeightsOrigin {
  kind: 'none' | 'random' | 'hand-set' | 'mixed' | 'trained' | 'imported';
  /** One short line for the badge. */
  text: string;
  /** The longer explanation, for the tooltip. */
  detail: string;
}

/** The description core's importOnnx gives the pipelines it reads. */
const IMPORTED_DESCRIPTION = 'Imported from ONNX.';

/** What training last handed back to this document, if it did. */
export interface TrainedSummary {
  task: string;
  epochs: number;
}

/**
 * Says plainly whether the weights are random, set by hand (presets, typed values) or trained.
 *
 * @example
 * weightsOrigin(templates[0].build()).text; // 'Weights: set by hand'
 */
export function weightsOrigin(pipeline: Pipeline, trained?: TrainedSummary): WeightsOrigin {
  const learnable = pipeline.nodes.filter((n) => (parameterizedKinds as readonly string[]).includes(n.kind));
  if (learnable.length === 0) return { kind: 'none', text: 'No weights', detail: 'No layer of this pipeline has weights: every map follows from the input alone.' };
  if (trained) {
    return {
      kind: 'trained',
      text: `Weights: trained (${trained.epochs} epoch${trained.epochs === 1 ? '' : 's'}, ${trained.task})`,
      detail: 'The weights come from the training run in the Train view; edits since then change them by hand.',
    };
  }
  const set = learnable.filter((n) => n.kind !== 'input' && n.weight !== undefined && !('init' in n.weight));
  const seed = pipeline.seed ?? 0;
  if (set.length === 0) {
    return { kind: 'random', text: `Weights: random (seed ${seed}), untrained`, detail: 'Every weight is drawn at random (He or Xavier initialisation, seeded): the maps show what an untrained network does. Train it in the Train view, or type kernels in the inspector.' };
  }
  // ONNX import names its pipelines so (core's importOnnx); the file's weights are in every layer.
  if (set.length === learnable.length && pipeline.description === IMPORTED_DESCRIPTION) {
    return { kind: 'imported', text: 'Weights: from the ONNX file', detail: 'Every weight and bias was read from the imported ONNX model (trained wherever it was made); edits here change them by hand.' };
  }
  if (set.length === learnable.length) {
    return { kind: 'hand-set', text: 'Weights: set by hand', detail: 'Every kernel was chosen (a preset such as the document’s diagonal edge, or typed values); nothing here is random or trained.' };
  }
  return { kind: 'mixed', text: `Weights: ${set.length} of ${learnable.length} layers set by hand, the rest random`, detail: `Set by hand: ${set.map((n) => n.id).join(', ')}. The other layers are random (seed ${seed}) and untrained.` };
}
