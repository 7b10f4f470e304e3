import { chain, node, pipelineOf, type Pipeline } from '@convstudio/core';

/** input(1x8x8) -> conv1(4, 3x3 valid) -> relu1 -> pool1(2): 8x8 -> 6x6 -> 3x3. */
export function smallChain(): Pipeline {
  return pipelineOf({ name: 'small', description: 'test chain', seed: 1 }, [
    chain([
      node('input', 'input', { channels: 1, height: 8, width: 8 }),
      node('conv1', 'conv2d', { outChannels: 4, kernelSize: 3 }),
      node('relu1', 'relu'),
      node('pool1', 'maxPool2d', { kernelSize: 2 }),
    ]),
  ]);
}

/** A skip: input -> conv1 -> relu1, and add1 = relu1 + conv2(input), 'same' padding keeps 8x8. */
export function skipPipeline(): Pipeline {
  return pipelineOf(
    { name: 'skip', description: 'test skip', seed: 1 },
    [
      chain([node('input', 'input', { channels: 1, height: 8, width: 8 }), node('conv1', 'conv2d', { outChannels: 2, kernelSize: 3, padding: 'same' }), node('relu1', 'relu')]),
      chain([node('conv2', 'conv2d', { outChannels: 2, kernelSize: 1 })], 'input'),
      { nodes: [node('add1', 'add')], edges: [] },
    ],
    [
      { source: 'relu1', target: 'add1', port: 0 },
      { source: 'conv2', target: 'add1', port: 1 },
    ],
  );
}
