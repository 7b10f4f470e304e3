import type { Pipeline } from '../pipeline-types.js';
import { chain, node, pipelineOf } from './chain.js';

/**
 * The Tiny VGG of CNN Explainer (Wang et al., 2020): two blocks of two valid 3x3 convolutions
 * (10 channels) and a 2x2 max pooling on 3x64x64 images, then one dense layer to 10 classes
 * and a softmax. Maps shrink 64 -> 62 -> 60 -> 30 -> 28 -> 26 -> 13; 1,690 features; 19,920
 * parameters.
 *
 * @example
 * inferShapes(tinyVgg()).byId.get('flatten')?.shapes.output; // [1690]
 */
export function tinyVgg(): Pipeline {
  const conv = (id: string) => node(id, 'conv2d', { outChannels: 10, kernelSize: 3 });
  return pipelineOf(
    {
      name: 'Tiny VGG',
      description:
        "CNN Explainer's Tiny VGG on 3x64x64 images: [conv 10@3x3, ReLU, conv 10@3x3, ReLU, 2x2 max pool] twice " +
        '(valid convolutions: 62, 60, 30, 28, 26, 13), flatten to 1,690 features, dense to 10 classes, softmax; ' +
        '19,920 parameters.',
      seed: 2020,
    },
    [
      chain([
        node('input', 'input', { channels: 3, height: 64, width: 64 }),
        conv('conv1'),
        node('relu1', 'relu'),
        conv('conv2'),
        node('relu2', 'relu'),
        node('pool1', 'maxPool2d', { kernelSize: 2 }),
        conv('conv3'),
        node('relu3', 'relu'),
        conv('conv4'),
        node('relu4', 'relu'),
        node('pool2', 'maxPool2d', { kernelSize: 2 }),
        node('flatten', 'flatten'),
        node('fc', 'linear', { outFeatures: 10 }),
        node('softmax', 'softmax'),
      ]),
    ],
  );
}
