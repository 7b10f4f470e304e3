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

/**
 * The pipeline with some of one node's weights changed, applied to the document's own values
 * (`node.weight.values`) when it has them, else to `base` (the weights a run resolved from a
 * preset or the seeded initialisation). Edits are index/value pairs, never a whole array taken
 * from a run: a run's copy may be older than the document, and writing it back would undo the
 * cells typed since that run started.
 *
 * @example
 * withWeightEdits(pipeline, 'conv1', runWeights, [[0, 1], [1, 2]]);
 */
export function withWeightEdits(pipeline: Pipeline, nodeId: string, base: Float32Array, edits: readonly (readonly [number, number])[]): Pipeline {
  return mapLayer(pipeline, nodeId, (node) => {
    const own = documentWeights(node, base.length);
    const values = own ? own.slice() : Array.from(base);
    for (const [index, value] of edits) if (index >= 0 && index < values.length && Number.isFinite(value)) values[index] = value;
    return { ...node, weight: { values } } as LayerNode;
  });
}

/**
 * The weights a node's document holds as typed-in values, when they have `length` entries (a
 * preset, an initialiser or values of another shape give `undefined`).
 *
 * @example
 * documentWeights(conv1, 50); // [0.23, 0.077, ...] or undefined
 */
export function documentWeights(node: { kind: string; weight?: unknown }, length: number): number[] | undefined {
  if (node.kind === 'input' || typeof node.weight !== 'object' || node.weight === null) return undefined;
  const values = (node.weight as { values?: unknown }).values;
  return Array.isArray(values) && values.length === length ? (values as number[]) : undefined;
}

/**
 * The cells `next` changes relative to `shown`, as index/value pairs.
 *
 * @example
 * changedCells(Float32Array.of(1, 2), Float32Array.of(1, 5)); // [[1, 5]]
 */
export function changedCells(shown: Float32Array, next: Float32Array): [number, number][] {
  const changes: [number, number][] = [];
  for (let i = 0; i < next.length; i++) if (!Object.is(next[i], shown[i])) changes.push([i, next[i]]);
  return changes;
}

/** The pipeline with one node frozen (kept out of training) or not. */
export function withNodeFrozen(pipeline: Pipeline, nodeId: string, frozen: boolean): Pipeline {
  return mapLayer(pipeline, nodeId, (node) => ({ ...node, frozen }) as LayerNode);
}

function mapLayer(pipeline: Pipeline, nodeId: string, change: (node: LayerNode) => LayerNode): Pipeline {
  return { ...pipeline, nodes: pipeline.nodes.map((node) => (node.id === nodeId && node.kind !== 'input' ? change(node) : node)) };
}

/**
 * The pipeline with trained layers' weights, biases and buffers (running statistics, as
 * `bufferValues`) stored as values (what training hands
 * back, as Float32Arrays; the editor's document keeps number arrays, which packLayerValues turns
 * back into Float32Arrays for the workers and core's writer for the project file).
 */
export function withTrainedLayers(pipeline: Pipeline, layers: readonly { id: string; weight: Float32Array; bias?: Float32Array; buffers?: Record<string, Float32Array> }[]): Pipeline {
  const byId = new Map(layers.map((l) => [l.id, l]));
  return {
    ...pipeline,
    nodes: pipeline.nodes.map((node) => {
      const trained = byId.get(node.id);
      if (!trained || node.kind === 'input') return node;
      const bufferValues = trained.buffers ? Object.fromEntries(Object.entries(trained.buffers).map(([name, data]) => [name, Array.from(data)])) : undefined;
      return { ...node, weight: { values: Array.from(trained.weight) }, ...(trained.bias ? { biasValues: Array.from(trained.bias) } : {}), ...(bufferValues ? { bufferValues } : {}) } as LayerNode;
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
