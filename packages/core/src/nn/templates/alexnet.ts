import type { Pipeline } from '../pipeline-types.js';
import { chain, node, pipelineOf } from './chain.js';

/**
 * torchvision's AlexNet (`torchvision.models.alexnet`), layer for layer: 61,100,840 parameters.
 * Two torchvision layers have no counterpart here and are left out without changing any shape
 * or parameter: `AdaptiveAvgPool2d((6, 6))`, the identity for 224x224 inputs (the features are
 * already 256x6x6), and the two `Dropout(0.5)` layers, which only act in training. The output is
 * the 1000 class logits (torchvision's model ends there too; apply softmax for probabilities).
 *
 * @example
 * const pipeline = alexNet();
 * inferShapes(pipeline).byId.get('pool5')?.shapes.output; // [256, 6, 6]
 */
export function alexNet(): Pipeline {
  const features = chain([
    node('input', 'input', { channels: 3, height: 224, width: 224 }),
    node('conv1', 'conv2d', { outChannels: 64, kernelSize: 11, stride: 4, padding: 2 }),
    node('relu1', 'relu'),
    node('pool1', 'maxPool2d', { kernelSize: 3, stride: 2 }),
    node('conv2', 'conv2d', { outChannels: 192, kernelSize: 5, padding: 2 }),
    node('relu2', 'relu'),
    node('pool2', 'maxPool2d', { kernelSize: 3, stride: 2 }),
    node('conv3', 'conv2d', { outChannels: 384, kernelSize: 3, padding: 1 }),
    node('relu3', 'relu'),
    node('conv4', 'conv2d', { outChannels: 256, kernelSize: 3, padding: 1 }),
    node('relu4', 'relu'),
    node('conv5', 'conv2d', { outChannels: 256, kernelSize: 3, padding: 1 }),
    node('relu5', 'relu'),
    node('pool5', 'maxPool2d', { kernelSize: 3, stride: 2 }),
  ]);
  const classifier = chain(
    [
      node('flatten', 'flatten'),
      node('fc1', 'linear', { outFeatures: 4096 }),
      node('relu6', 'relu'),
      node('fc2', 'linear', { outFeatures: 4096 }),
      node('relu7', 'relu'),
      node('fc3', 'linear', { outFeatures: 1000 }),
    ],
    'pool5',
  );
  return pipelineOf(
    {
      name: 'AlexNet',
      description:
        "torchvision's AlexNet on 3x224x224 images: five convolutions (11x11 stride 4, 5x5, then three 3x3) with " +
        'max pooling after the first, second and fifth, then three dense layers (9216 -> 4096 -> 4096 -> 1000 class ' +
        'logits); 61,100,840 parameters. Left out, with no change to shapes or parameters: the adaptive 6x6 average ' +
        'pooling (the identity here: for 224x224 inputs the features are already 256x6x6) and dropout (training only; ' +
        'no dropout layer yet).',
      seed: 2012,
    },
    [features, classifier],
  );
}
