import { isNodeValues, type LayerNode, type NodeValues, type Pipeline } from '@convstudio/core';

/**
 * The pipeline with one node's weights replaced by typed-in values (what the kernel editor's
 * edits and presets become), so they are saved with the pipeline and survive re-initialisation.
 *
 * @example
 * withNodeWeights(pipeline, 'conv1', new Float32Array(50)).nodes[1].weight; // { values: Float32Array(50) }
 */
export function withNodeWeights(pipeline: Pipeline, nodeId: string, values: Float32Array): Pipeline {
  // A copy: the document's arrays are its own (the caller may reuse or transfer `values`).
  // The cast: only weighted kinds reach here (the parameter panel offers weights for those alone).
  return mapLayer(pipeline, nodeId, (node) => ({ ...node, weight: { values: values.slice() } }) as LayerNode);
}

/**
 * The pipeline with some of one node's weights changed, applied to the document's own values
 * (`node.weight.values`) when it has them, else to `base` (the weights a run resolved from a
 * preset or the seeded initialisation). Edits are index/value pairs, never a whole array taken
 * from a run: a run's copy may be older than the document, and writing it back would undo the
 * cells typed since that run started. The edited values are a new array of the document's kind
 * (a Float32Array stays one; a layer without values gets numbers, as typed): the old array is
 * never changed, since the undo history and a running job still hold it.
 *
 * @example
 * withWeightEdits(pipeline, 'conv1', runWeights, [[0, 1], [1, 2]]);
 */
export function withWeightEdits(pipeline: Pipeline, nodeId: string, base: Float32Array, edits: readonly (readonly [number, number])[]): Pipeline {
  return mapLayer(pipeline, nodeId, (node) => {
    const own = documentWeights(node, base.length);
    const values: NodeValues = own ? own.slice() : Array.from(base);
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
export function documentWeights(node: { kind: string; weight?: unknown }, length: number): NodeValues | undefined {
  if (node.kind === 'input' || typeof node.weight !== 'object' || node.weight === null) return undefined;
  const values = (node.weight as { values?: unknown }).values;
  return isNodeValues(values) && values.length === length ? values : undefined;
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
 * `bufferValues`) stored as values: training hands them back as Float32Arrays, moved from its
 * worker, and the document keeps those very arrays (no number arrays; packLayerValues sends the
 * workers copies, and core's writer puts them in a sidecar or the text).
 */
export function withTrainedLayers(pipeline: Pipeline, layers: readonly { id: string; weight: Float32Array; bias?: Float32Array; buffers?: Record<string, Float32Array> }[]): Pipeline {
  const byId = new Map(layers.map((l) => [l.id, l]));
  return {
    ...pipeline,
    nodes: pipeline.nodes.map((node) => {
      const trained = byId.get(node.id);
      if (!trained || node.kind === 'input') return node;
      return { ...node, weight: { values: trained.weight }, ...(trained.bias ? { biasValues: trained.bias } : {}), ...(trained.buffers ? { bufferValues: { ...trained.buffers } } : {}) } as LayerNode;
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
