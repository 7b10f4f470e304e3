import type { LayerNode, Pipeline } from '@convstudio/core';

/**
 * The pipeline with one node's weights replaced by typed-in values (what the kernel editor's
 * edits and presets become), so they are saved with the pipeline and survive re-initialisation.
 *
 * @example
 * withNodeWeights(pipeline, 'conv1', new Float32Array(50)).nodes[1].weight; // { values: [0, 0, ...] }
 */
export function withNodeWeights(pipeline: Pipeline, nodeId: string, values: Float32Array): Pipeline {
  // The cast: only weighted kinds reach here (the parameter panel offers weights for those alone).
  return mapLayer(pipeline, nodeId, (node) => ({ ...node, weight: { values: Array.from(values) } }) as LayerNode);
}

/** The pipeline with one node frozen (kept out of training) or not. */
export function withNodeFrozen(pipeline: Pipeline, nodeId: string, frozen: boolean): Pipeline {
  return mapLayer(pipeline, nodeId, (node) => ({ ...node, frozen }) as LayerNode);
}

function mapLayer(pipeline: Pipeline, nodeId: string, change: (node: LayerNode) => LayerNode): Pipeline {
  return { ...pipeline, nodes: pipeline.nodes.map((node) => (node.id === nodeId && node.kind !== 'input' ? change(node) : node)) };
}

/** The pipeline with trained layers' weights and biases stored as values (what training hands back). */
export function withTrainedLayers(pipeline: Pipeline, layers: readonly { id: string; weight: number[]; bias?: number[] }[]): Pipeline {
  const byId = new Map(layers.map((l) => [l.id, l]));
  return {
    ...pipeline,
    nodes: pipeline.nodes.map((node) => {
      const trained = byId.get(node.id);
      if (!trained || node.kind === 'input') return node;
      return { ...node, weight: { values: trained.weight }, ...(trained.bias ? { biasValues: trained.bias } : {}) } as LayerNode;
    }),
  };
}

/**
 * Whether a run's weights still fit a node: after an edit changes the layer's shape (say 8 to 4
 * output channels) the last run's weights are stale until the next run ends, and editing them
 * would store values of the old size.
 *
 * @example
 * weightsFitNode([8, 1, 3, 3], [4, 1, 3, 3]); // false
 */
export function weightsFitNode(weightShape: readonly number[], expected: readonly number[] | undefined): boolean {
  return expected !== undefined && expected.length === weightShape.length && expected.every((d, i) => d === weightShape[i]);
}
