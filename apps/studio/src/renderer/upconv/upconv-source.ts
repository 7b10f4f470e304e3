import { upsamplingSteps, type Pipeline, type PipelineNode, type Tensor, type UpsamplingLayer, type UpsamplingSteps } from '@convstudio/core';

/** Node kinds the up-convolution explorer spells out. */
export const upsamplingKinds = ['upConvolution', 'convTranspose2d'] as const;

/** Most multiply-adds the explorer recomputes on the page (both readings together). */
export const MAX_EXPLORER_MACS = 20_000_000;

/** The pipeline's up-convolution and transposed-convolution nodes, in pipeline order. */
export function upsamplingNodes(pipeline: Pipeline): PipelineNode[] {
  return pipeline.nodes.filter((n) => (upsamplingKinds as readonly string[]).includes(n.kind));
}

/** Both readings of a node on the last run's numbers, or why they cannot be shown (in words). */
export type StepsResult = { ok: true; steps: UpsamplingSteps } | { ok: false; message: string };

function layerOf(node: PipelineNode): UpsamplingLayer {
  const p = node.params as Record<string, never>;
  if (node.kind === 'upConvolution') return { kind: 'upConvolution', factor: p.factor, padding: p.padding };
  return { kind: 'convTranspose2d', stride: p.stride, padding: p.padding, outputPadding: p.outputPadding, dilation: p.dilation, groups: p.groups };
}

/**
 * Spells out node `nodeId` on the run's values: its input is its source's output, its weight and
 * bias the run's copies (the pipeline's nodes do not carry a project's layer values).
 *
 * @example
 * const result = stepsOfNode(pipeline, 'KP', run.outputs, run.weights, run.biases);
 * if (result.ok) result.steps.output; // K ⊗ P
 */
export function stepsOfNode(pipeline: Pipeline, nodeId: string, outputs: ReadonlyMap<string, Tensor>, weights: ReadonlyMap<string, Tensor>, biases: ReadonlyMap<string, Tensor>): StepsResult {
  const node = pipeline.nodes.find((n) => n.id === nodeId);
  if (!node || !(upsamplingKinds as readonly string[]).includes(node.kind)) return { ok: false, message: `"${nodeId}" is not an up-convolution or transposed convolution of this pipeline.` };
  const edge = pipeline.edges.find((e) => e.target === nodeId);
  const input = edge ? outputs.get(edge.source) : undefined;
  const output = outputs.get(nodeId);
  if (!input || !output) return { ok: false, message: 'Not computed yet: the pipeline has to run first.' };
  const weight = weights.get(nodeId);
  if (!weight) return { ok: false, message: `${nodeId} has too many weights to show here.` };
  const [, , kh, kw] = weight.shape;
  // Products per output unit: a conv weight is [Cout, Cin, kH, kW], a transposed one [Cin, Cout/groups, kH, kW].
  const perUnit = weight.size / (node.kind === 'upConvolution' ? weight.shape[0] : weight.shape[1]);
  const macs = 2 * output.size * perUnit;
  if (macs > MAX_EXPLORER_MACS) return { ok: false, message: `${nodeId} is too large to spell out here (${kh}×${kw} kernels over a ${output.shape.slice(1).join('×')} output); try a smaller input.` };
  const hasBias = (node.params as { bias?: boolean }).bias !== false;
  const bias = hasBias ? (biases.get(nodeId)?.data ?? null) : null;
  try {
    return { ok: true, steps: upsamplingSteps(layerOf(node), input, weight, bias) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
