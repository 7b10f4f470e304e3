import type { Pipeline, PipelineNode } from './pipeline-types.js';
import { chain, node, pipelineOf } from './templates/chain.js';

/**
 * A linear pipeline for tests: an input of the given [C, H, W], then the layers with ids
 * n1, n2, ... (test-only: `*.fixture.ts` stays out of the published build).
 */
export function chainPipeline(input: [number, number, number], layers: Omit<PipelineNode, 'id'>[] & object[], seed = 1): Pipeline {
  const inputNode = node('input', 'input', { channels: input[0], height: input[1], width: input[2] });
  const layerNodes = layers.map((layer, i) => ({ id: `n${i + 1}`, ...layer }) as PipelineNode);
  return pipelineOf({ name: 'test', description: 'a test chain', seed }, [chain([inputNode, ...layerNodes])]);
}
