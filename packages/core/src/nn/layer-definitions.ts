import { createRandom } from '../random.js';
import type { Tensor } from '../tensor.js';
import type { LayerKind } from './layer-params.js';
import { type ForwardContext, type LayerGradients, type LayerParameters, type LayerShapes, layerKinds, layerSpec } from './layers/index.js';
import type { NodeOf } from './pipeline-types.js';

export type { LayerGradients, LayerParameters, LayerShapes };

/**
 * One layer kind seen through a node: the shape the library exported before the registry
 * (nn/layers/). Kept for other packages; new code uses `layerRegistry`.
 */
export interface LayerDefinition<K extends LayerKind> {
  infer(node: NodeOf<K>, inputs: number[][]): LayerShapes;
  forward(node: NodeOf<K>, inputs: Tensor[], parameters: LayerParameters, context?: ForwardContext): Tensor;
  backward(node: NodeOf<K>, dy: Tensor, inputs: Tensor[], output: Tensor, parameters: LayerParameters, context?: ForwardContext): LayerGradients;
}

/**
 * An evaluation-mode context (no dropout, no buffer updates) for callers that pass none.
 *
 * @example
 * layerRegistry.relu.forward({}, [x], {}, evalContext());
 */
export const evalContext = (buffers: Record<string, Tensor> = {}): ForwardContext => ({ mode: 'eval', random: createRandom(0), buffers });

function definition<K extends LayerKind>(kind: K): LayerDefinition<K> {
  const spec = layerSpec(kind);
  const params = (node: NodeOf<K>) => (node as { params: Record<string, unknown> }).params;
  return {
    infer: (node, inputs) => spec.infer(params(node), inputs),
    forward: (node, inputs, parameters, context = evalContext()) => spec.forward(params(node), inputs, parameters, context),
    backward: (node, dy, inputs, output, parameters, context = evalContext()) => spec.backward(params(node), dy, inputs, output, parameters, context),
  };
}

/** Every layer kind's definition, derived from the registry. */
export const layers = Object.fromEntries(layerKinds.map((kind) => [kind, definition(kind)])) as { [K in LayerKind]: LayerDefinition<K> };
