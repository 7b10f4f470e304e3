import type { Pipeline } from '../pipeline-types.js';
import { chain, node, pipelineOf } from './chain.js';

// Xavier, not the default He: He's scale is derived for ReLU and over-drives tanh into saturation.
const xavier = { weight: { init: 'xavier' } } as const;

/**
 * LeNet-5 on 1x32x32 digits, as it is usually rebuilt today: tanh activations, 2x2 average
 * pooling, 61,706 parameters. LeCun et al. (1998) differ in three ways: C3 connects each of its
 * 16 maps to a subset of S2's 6 maps (1,516 weights, not 2,416), S2/S4 have a trainable scale
 * and bias, and the output is a layer of RBF units.
 *
 * @example
 * inferShapes(leNet5()).byId.get('pool2')?.shapes.output; // [16, 5, 5]
 */
export function leNet5(): Pipeline {
  return pipelineOf(
    {
      name: 'LeNet-5',
      description:
        'LeNet-5 (LeCun et al., 1998) on 1x32x32 digits: conv 6@5x5, tanh, 2x2 average pooling, conv 16@5x5, tanh, ' +
        '2x2 average pooling, then dense 400 -> 120 -> 84 -> 10 with tanh between; 61,706 parameters. The common ' +
        'modern form: C3 is fully connected to S2 and the RBF output is a linear layer.',
      seed: 1998,
    },
    [
      chain([
        node('input', 'input', { channels: 1, height: 32, width: 32 }),
        { ...node('conv1', 'conv2d', { outChannels: 6, kernelSize: 5 }), ...xavier },
        node('tanh1', 'tanh'),
        node('pool1', 'avgPool2d', { kernelSize: 2 }),
        { ...node('conv2', 'conv2d', { outChannels: 16, kernelSize: 5 }), ...xavier },
        node('tanh2', 'tanh'),
        node('pool2', 'avgPool2d', { kernelSize: 2 }),
        node('flatten', 'flatten'),
        { ...node('fc1', 'linear', { outFeatures: 120 }), ...xavier },
        node('tanh3', 'tanh'),
        { ...node('fc2', 'linear', { outFeatures: 84 }), ...xavier },
        node('tanh4', 'tanh'),
        { ...node('fc3', 'linear', { outFeatures: 10 }), ...xavier },
      ]),
    ],
  );
}
