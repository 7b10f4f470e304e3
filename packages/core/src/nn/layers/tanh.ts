import { tanh, tanhBackward } from '../../ops/activations.js';
import { pointwiseSpec } from './pointwise.js';

/** tanh(x), counted as 4 FLOPs per element like the sigmoid. */
export const tanhSpec = pointwiseSpec({
  forward: tanh,
  backward: tanhBackward,
  flopsPerElement: 4,
  idPrefix: 'tanh',
  title: 'Tanh',
  description: 'Squashes every value into (−1, 1).',
  onnxOp: 'Tanh',
  torchModule: 'nn.Tanh()',
  conformanceOp: 'tanh',
});
