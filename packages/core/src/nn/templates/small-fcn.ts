import type { Pipeline } from '../pipeline-types.js';
import { chain, node, pipelineOf } from './chain.js';
import { mnistFront } from './mnist-cnn.js';

/** Classes of the per-pixel output: background and foreground (the digit's strokes). */
const CLASSES = 2;

/**
 * A small fully convolutional network (U-Net shaped) on 1x28x28: convolutions and pooling down
 * to 16x7x7, then back up with both upsampling kinds, a transposed convolution (2x2, stride 2:
 * 7 -> 14) and the document's up-convolution (zero insertion, then a 4x4 convolution with
 * padding 2: 14 -> 27 -> 28; the document's 3x3 with padding 1 gives 2n - 1, not 2n). Skip
 * connections bring back detail lost to pooling: a concat with `relu2` at 14x14 and an add with
 * `relu1` at 28x28. A 1x1 convolution scores 2 classes per pixel: a 2x28x28 map, the input's size.
 *
 * @example
 * inferShapes(smallFcn()).byId.get('head')?.shapes.output; // [2, 28, 28]
 */
export function smallFcn(): Pipeline {
  // The same conv/pool front as the MNIST CNN (to 16x7x7 at pool2), then one more conv block and up.
  const down = [
    mnistFront(),
    chain([
      node('conv3', 'conv2d', { outChannels: 16, kernelSize: 3, padding: 'same' }),
      node('relu3', 'relu'),
      node('up1', 'convTranspose2d', { outChannels: 16, kernelSize: 2, stride: 2 }),
    ], 'pool2'),
  ];
  const skip1 = { nodes: [node('skip1', 'concat')], edges: [{ source: 'up1', target: 'skip1', port: 0 }, { source: 'relu2', target: 'skip1', port: 1 }] };
  const middle = chain(
    [
      node('conv4', 'conv2d', { outChannels: 16, kernelSize: 3, padding: 'same' }),
      node('relu4', 'relu'),
      node('up2', 'upConvolution', { outChannels: 8, kernelSize: 4, factor: 2, padding: 2 }),
    ],
    'skip1',
  );
  const skip2 = { nodes: [node('skip2', 'add')], edges: [{ source: 'up2', target: 'skip2', port: 0 }, { source: 'relu1', target: 'skip2', port: 1 }] };
  const head = chain([node('relu5', 'relu'), node('head', 'conv2d', { outChannels: CLASSES, kernelSize: 1 })], 'skip2');
  return pipelineOf(
    {
      name: 'Small FCN',
      description:
        'A fully convolutional network: only convolution, pooling and upsampling, so the output is a dense map ' +
        '(2 class scores per pixel, 2x28x28 for a 1x28x28 input) for segmentation and other dense prediction. Down: ' +
        'two conv/ReLU/max-pool blocks to 16x7x7. Up: a 2x2 stride-2 transposed convolution to 14x14, concatenated ' +
        "with the 14x14 features (skip), then the document's up-convolution (zero insertion + 4x4 convolution) to " +
        '28x28, added to the 28x28 features (skip), then a 1x1 convolution.',
      seed: 2015,
    },
    [...down, skip1, middle, skip2, head],
  );
}
