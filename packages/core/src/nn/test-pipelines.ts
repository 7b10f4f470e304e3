import type { Pipeline, PipelineNode } from './pipeline-types.js';

/** Builds a linear chain pipeline from an input shape and layers, for tests and examples. */
export function chainPipeline(input: [number, number, number], layers: Omit<PipelineNode, 'id'>[] & object[], seed = 1): Pipeline {
  const nodes = [
    { id: 'input', kind: 'input', params: { channels: input[0], height: input[1], width: input[2] } },
    ...layers.map((layer, i) => ({ id: `n${i + 1}`, ...layer })),
  ] as PipelineNode[];
  const edges = nodes.slice(1).map((node, i) => ({ source: nodes[i].id, target: node.id }));
  return { format: 'convstudio-pipeline', version: 1, seed, nodes, edges };
}
