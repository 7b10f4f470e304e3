import { sigmoid, sigmoidBackward } from '../../ops/activations.js';
import { pointwiseSpec } from './pointwise.js';

/** 1 / (1 + exp(-x)): negate, exp, add, divide = 4 FLOPs per element. */
export const sigmoidSpec = pointwiseSpec({
  forward: sigmoid,
  backward: sigmoidBackward,
  flopsPerElement: 4,
  idPrefix: 'sigmoid',
  title: 'Sigmoid',
  description: 'Squashes every value into (0, 1).',
  onnxOp: 'Sigmoid',
  torchModule: 'nn.Sigmoid()',
  conformanceOp: 'sigmoid',
});
