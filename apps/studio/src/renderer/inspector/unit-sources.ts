import { isExplainable, unitOfNode, type Pipeline, type Tensor, type UnitArithmetic, type UnitPosition } from '@convstudio/core';

/** A unit picked in a view: the node and the output position. */
export interface PickedUnit extends UnitPosition {
  nodeId: string;
}

/** What a run gave, by node id: outputs, and the weights and biases small enough to show. */
export interface RunTensors {
  outputs: ReadonlyMap<string, Tensor>;
  weights: ReadonlyMap<string, Tensor>;
  biases: ReadonlyMap<string, Tensor>;
}

/** The arithmetic of a picked unit from the last run, or why it cannot be shown (in words). */
export type UnitExplanation = { ok: true; unit: UnitArithmetic; shown: number } | { ok: false; message: string };

/**
 * Explains a picked unit from the run's outputs, weights and biases: the node's input is its
 * source's output; weight and bias are the run's copies (a project's layer values travel apart
 * from its nodes, so the node itself carries none).
 *
 * @example
 * explainPicked(pipeline, run, { nodeId: 'conv1', channel: 0, row: 2, col: 3 });
 */
export function explainPicked(pipeline: Pipeline, run: RunTensors, picked: PickedUnit): UnitExplanation {
  const { outputs, weights, biases } = run;
  const node = pipeline.nodes.find((n) => n.id === picked.nodeId);
  if (!node) return { ok: false, message: `The node "${picked.nodeId}" is no longer in the pipeline.` };
  if (!isExplainable(node.kind)) return { ok: false, message: `A ${node.kind} unit is not a window or a weighted sum; pick a unit of a convolution, pooling or linear layer.` };
  const edge = pipeline.edges.find((e) => e.target === node.id);
  const input = edge ? outputs.get(edge.source) : undefined;
  const output = outputs.get(node.id);
  if (!input || !output) return { ok: false, message: 'Not computed yet.' };
  const weighted = node.kind === 'conv2d' || node.kind === 'convTranspose2d' || node.kind === 'upConvolution' || node.kind === 'linear';
  const weight = weights.get(node.id);
  if (weighted && !weight) return { ok: false, message: 'This layer has too many weights to show a unit of it.' };
  const hasBias = weighted && (node.params as { bias?: boolean }).bias !== false;
  const bias = hasBias ? (biases.get(node.id)?.data ?? null) : null;
  try {
    const unit = unitOfNode(node, { input, weight, bias }, picked);
    if (!unit) return { ok: false, message: 'Nothing to explain.' };
    const [, c, h, w] = output.rank === 2 ? [output.shape[0], output.shape[1], 1, 1] : output.shape;
    const shown = output.data[(((picked.sample ?? 0) * c + picked.channel) * h + picked.row) * w + picked.col];
    return { ok: true, unit, shown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
