import { relu, reluBackward } from '../../ops/activations.js';
import { pointwiseSpec } from './pointwise.js';

/** max(0, x), one comparison per element. */
export const reluSpec = pointwiseSpec({
  forward: relu,
  backward: reluBackward,
  flopsPerElement: 1,
  idPrefix: 'relu',
  title: 'ReLU',
  description: 'max(0, x): keeps positive responses, zeroes the rest.',
  onnxOp: 'Relu',
  torchModule: 'nn.ReLU()',
  conformanceOp: 'relu',
});
