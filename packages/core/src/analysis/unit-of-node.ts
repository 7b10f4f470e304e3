import type { PipelineNode } from '../nn/pipeline-types.js';
import type { Tensor } from '../tensor.js';
import { conv2dUnit, convTranspose2dUnit, linearUnit, upConvolutionUnit } from './unit-arithmetic.js';
import { avgPoolUnit, globalAvgPoolUnit, maxPoolUnit } from './unit-pooling.js';
import type { UnitArithmetic, UnitPosition } from './unit-terms.js';

/** Node kinds whose output units {@link unitOfNode} explains. */
export const explainableKinds = ['conv2d', 'convTranspose2d', 'upConvolution', 'maxPool2d', 'avgPool2d', 'globalAvgPool2d', 'linear'] as const;
export type ExplainableKind = (typeof explainableKinds)[number];

/** Whether {@link unitOfNode} explains this kind of node. */
export function isExplainable(kind: string): kind is ExplainableKind {
  return (explainableKinds as readonly string[]).includes(kind);
}

/** What {@link unitOfNode} reads besides the node: its input, and its weight and bias when it has them. */
export interface UnitSources {
  input: Tensor;
  weight?: Tensor;
  bias?: ArrayLike<number> | null;
}

/**
 * How one output unit of a pipeline node is computed, from the node's params (the ops' own
 * options) and its input, weight and bias. `undefined` for kinds that are not a window or a
 * weighted sum (activations, add, ...). Throws with the op's name on a bad position or shape.
 *
 * @example
 * unitOfNode(conv1, { input: x, weight: w, bias: [0] }, { channel: 0, row: 3, col: 4 })?.value;
 */
export function unitOfNode(node: PipelineNode, sources: UnitSources, at: UnitPosition): UnitArithmetic | undefined {
  const { input, weight, bias } = sources;
  const needWeight = (): Tensor => {
    if (!weight) throw new Error(`unitOfNode: node "${node.id}" (${node.kind}) needs its weight to explain a unit`);
    return weight;
  };
  switch (node.kind) {
    case 'conv2d': {
      const { stride, padding, dilation, groups } = node.params;
      return conv2dUnit(input, needWeight(), { stride, padding, dilation, groups, bias }, at);
    }
    case 'convTranspose2d': {
      const { stride, padding, outputPadding, dilation, groups } = node.params;
      return convTranspose2dUnit(input, needWeight(), { stride, padding, outputPadding, dilation, groups, bias }, at);
    }
    case 'upConvolution':
      return upConvolutionUnit(input, needWeight(), { factor: node.params.factor, padding: node.params.padding, bias }, at);
    case 'linear':
      return linearUnit(input, needWeight(), bias, at);
    case 'maxPool2d':
      return maxPoolUnit(input, node.params, at);
    case 'avgPool2d':
      return avgPoolUnit(input, node.params, at);
    case 'globalAvgPool2d':
      return globalAvgPoolUnit(input, at);
    default:
      return undefined;
  }
}
