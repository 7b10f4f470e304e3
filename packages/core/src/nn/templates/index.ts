import type { Pipeline } from '../pipeline-types.js';
import { alexNet } from './alexnet.js';
import { cnnVsFcn } from './cnn-vs-fcn.js';
import { leNet5 } from './lenet5.js';
import { mnistCnn } from './mnist-cnn.js';
import { smallFcn } from './small-fcn.js';
import { tinyVgg } from './tiny-vgg.js';
import { workedExamplePipeline } from './worked-example.js';

export { alexNet, cnnVsFcn, leNet5, mnistCnn, smallFcn, tinyVgg, workedExamplePipeline };
export { chain, node, pipelineOf } from './chain.js';
export type { PipelineMeta, PipelinePart } from './chain.js';

/** A ready-made pipeline the studio offers and the CLI names by `id`. */
export interface PipelineTemplate {
  id: string;
  title: string;
  description: string;
  build: () => Pipeline;
}

/**
 * Every template, in the order the studio lists them. `build` returns a fresh document each
 * call, so the caller may edit it.
 *
 * @example
 * const pipeline = templates.find((t) => t.id === 'alexnet')?.build();
 */
export const templates: readonly PipelineTemplate[] = [
  { id: 'worked-example', title: 'Worked example', description: "The document's convolution example: two diagonal edge kernels, normalise, ReLU, 3x3 max pool.", build: workedExamplePipeline },
  { id: 'mnist-cnn', title: 'MNIST CNN', description: 'A small CNN for digits: two conv/pool blocks and two dense layers; 6 epochs on 8,000 MNIST digits reach about 97.5% on a CPU in under 2 minutes.', build: mnistCnn },
  { id: 'lenet5', title: 'LeNet-5', description: 'The classic digit network (1998): tanh, average pooling, 61,706 parameters.', build: leNet5 },
  { id: 'tiny-vgg', title: 'Tiny VGG', description: "CNN Explainer's model: 3x64x64 input, four 3x3 convolutions, two max pools, 10 classes.", build: tinyVgg },
  { id: 'alexnet', title: 'AlexNet', description: "torchvision's AlexNet: 3x224x224 input, five convolutions, three dense layers, 61.1 million parameters.", build: alexNet },
  { id: 'cnn', title: 'CNN (vs FCN)', description: 'Conv and pool layers, then dense layers: one set of class scores per image (classification, detection).', build: () => cnnVsFcn().cnn },
  { id: 'fcn', title: 'FCN (vs CNN)', description: 'The same front, then upsampling and a 1x1 convolution: class scores per pixel (segmentation, dense prediction).', build: () => cnnVsFcn().fcn },
  { id: 'small-fcn', title: 'Small FCN', description: 'A U-Net-shaped FCN with a transposed convolution, an up-convolution and two skip connections.', build: smallFcn },
];
