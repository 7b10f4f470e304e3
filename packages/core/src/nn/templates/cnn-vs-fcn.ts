import type { Pipeline } from '../pipeline-types.js';
import { chain, node, pipelineOf } from './chain.js';
import { mnistClassifierHead, mnistFront } from './mnist-cnn.js';

/** Per-pixel classes of the FCN: background and the ten digits. */
const PIXEL_CLASSES = 11;

/**
 * The document's "CNN vs FCN" table made concrete: two pipelines on the same 1x28x28 input with
 * the same convolution and pooling front (down to 16x7x7 at `pool2`). The CNN flattens and ends
 * in dense layers: 10 class scores for the whole image, the spatial layout gone. The FCN keeps
 * to convolution and upsampling: two 2x2 stride-2 transposed convolutions back to 28x28 and a
 * 1x1 convolution give 11 scores per pixel, a dense map.
 *
 * @example
 * const { cnn, fcn } = cnnVsFcn();
 * inferShapes(cnn).byId.get('fc2')?.shapes.output;  // [10]
 * inferShapes(fcn).byId.get('head')?.shapes.output; // [11, 28, 28]
 */
export function cnnVsFcn(): { cnn: Pipeline; fcn: Pipeline } {
  const cnn = pipelineOf(
    {
      name: 'CNN (vs FCN)',
      description:
        'A CNN: convolution and pooling layers followed by fully connected layers. Flattening 16x7x7 into 784 ' +
        'features loses where things are; the output is 10 scores for the whole image. Suits image classification, ' +
        'and object detection with post-processing (bounding boxes).',
      seed: 7,
    },
    [mnistFront(), mnistClassifierHead()],
  );
  const upsampling = chain(
    [
      node('up1', 'convTranspose2d', { outChannels: 8, kernelSize: 2, stride: 2 }),
      node('relu3', 'relu'),
      node('up2', 'convTranspose2d', { outChannels: 8, kernelSize: 2, stride: 2 }),
      node('relu4', 'relu'),
      node('head', 'conv2d', { outChannels: PIXEL_CLASSES, kernelSize: 1 }),
    ],
    'pool2',
  );
  const fcn = pipelineOf(
    {
      name: 'FCN (vs CNN)',
      description:
        'An FCN: only convolution, pooling and upsampling layers, so the spatial layout survives; the same front ' +
        'as the CNN, then two transposed convolutions back to 28x28 and a 1x1 convolution: 11 scores (background ' +
        'and ten digits) per pixel. Suits semantic segmentation, dense prediction, depth estimation and ' +
        'super-resolution.',
      seed: 7,
    },
    [mnistFront(), upsampling],
  );
  return { cnn, fcn };
}
