import type { Pipeline } from '../pipeline-types.js';
import { chain, node, pipelineOf, type PipelinePart } from './chain.js';

/**
 * The convolution and pooling front shared by {@link mnistCnn} and both halves of
 * {@link cnnVsFcn}: 1x28x28 -> conv 8@3x3 same, ReLU, 2x2 max pool -> conv 16@3x3 same, ReLU,
 * 2x2 max pool -> 16x7x7, ending at node `pool2`.
 *
 * @example
 * pipelineOf(meta, [mnistFront(), chain([node('flatten', 'flatten')], 'pool2')]);
 */
export function mnistFront(): PipelinePart {
  return chain([
    node('input', 'input', { channels: 1, height: 28, width: 28 }),
    node('conv1', 'conv2d', { outChannels: 8, kernelSize: 3, padding: 'same' }),
    node('relu1', 'relu'),
    node('pool1', 'maxPool2d', { kernelSize: 2 }),
    node('conv2', 'conv2d', { outChannels: 16, kernelSize: 3, padding: 'same' }),
    node('relu2', 'relu'),
    node('pool2', 'maxPool2d', { kernelSize: 2 }),
  ]);
}

/** The dense head of {@link mnistCnn}: flatten, 64 hidden units, 10 class logits. */
export function mnistClassifierHead(): PipelinePart {
  return chain(
    [
      node('flatten', 'flatten'),
      node('fc1', 'linear', { outFeatures: 64 }),
      node('relu3', 'relu'),
      node('fc2', 'linear', { outFeatures: 10 }),
    ],
    'pool2',
  );
}

/**
 * A small CNN for MNIST, sized to train on a CPU (about 13 s per epoch of 8,000 digits on one
 * core): two conv/ReLU/pool blocks (8 and 16 channels), a 64-unit dense layer and 10 logits
 * (no softmax node: the loss applies it); 52,138 parameters, 333,056 multiply-accumulates per
 * digit. Trained with Adam (learning rate 1.5e-3, batch 32, 6 epochs) on the 8,000 training
 * digits of `loadMnist()`, it scores 97.50% on the 2,000 test digits (`npm run bench:train` in
 * packages/core/bench); learning rate 1e-3 for 4-5 epochs gave 96.2-96.9%.
 *
 * @example
 * createModel(mnistCnn()).forward(randn([32, 1, 28, 28])).get('fc2')?.shape; // [32, 10]
 */
export function mnistCnn(): Pipeline {
  return pipelineOf(
    {
      name: 'MNIST CNN',
      description:
        'A small CNN for 28x28 digits that trains on a CPU: conv 8@3x3 (same), ReLU, 2x2 max pool, conv 16@3x3 ' +
        '(same), ReLU, 2x2 max pool, flatten (784), dense 64, ReLU, dense 10 logits; 52,138 parameters.',
      seed: 7,
    },
    [mnistFront(), mnistClassifierHead()],
  );
}
