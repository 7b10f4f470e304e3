import type { Pipeline } from '../pipeline-types.js';
import { chain, node, pipelineOf } from './chain.js';

/**
 * The source document's "Convolution Example" as a pipeline: a 28x28 digit, a valid 5x5
 * convolution with the two frozen diagonal edge kernels (no bias), min-max scaling of each map
 * to [0, 255] (the document normalises each convolution's output on its own, hence scope
 * 'map'), ReLU, and 3x3 max pooling with stride 3: 1x28x28 -> 2x24x24 -> 2x8x8.
 *
 * @example
 * inferShapes(workedExamplePipeline()).byId.get('pool1')?.shapes.output; // [2, 8, 8]
 */
export function workedExamplePipeline(): Pipeline {
  return pipelineOf(
    {
      name: 'Worked example',
      description:
        "The document's convolution example: a 28x28 digit convolved (valid, no bias) with the diagonal edge kernel " +
        'and its 90-degree rotation (frozen), each map min-max scaled to [0, 255], ReLU, then 3x3 max pooling with ' +
        'stride 3: 28x28 -> 24x24 -> 8x8.',
      seed: 1,
    },
    [
      chain([
        node('input', 'input', { channels: 1, height: 28, width: 28 }),
        {
          ...node('conv1', 'conv2d', { outChannels: 2, kernelSize: 5, bias: false }),
          weight: { presets: ['diagonalEdge', 'rotatedDiagonalEdge'] },
          frozen: true,
        },
        node('normalize1', 'normalize', { min: 0, max: 255, scope: 'map' }),
        node('relu1', 'relu'),
        node('pool1', 'maxPool2d', { kernelSize: 3, stride: 3 }),
      ]),
    ],
  );
}
