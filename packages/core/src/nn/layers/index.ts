import { addSpec } from './add.js';
import { batchNorm2dSpec } from './batch-norm2d.js';
import { avgPool2dSpec } from './avg-pool2d.js';
import { concatSpec } from './concat.js';
import { conv2dSpec } from './conv2d.js';
import { convTranspose2dSpec } from './conv-transpose2d.js';
import { dropoutSpec } from './dropout.js';
import { flattenSpec } from './flatten.js';
import { globalAvgPool2dSpec } from './global-avg-pool2d.js';
import { inputSpec } from './input.js';
import { leakyReluSpec } from './leaky-relu.js';
import { linearSpec } from './linear.js';
import { localResponseNormSpec } from './local-response-norm.js';
import { maxPool2dSpec } from './max-pool2d.js';
import { normalizeSpec } from './normalize.js';
import { reluSpec } from './relu.js';
import { sigmoidSpec } from './sigmoid.js';
import { logSoftmaxSpec, softmaxSpec } from './softmax.js';
import type { LayerSpec, NodeSpec } from './spec.js';
import { tanhSpec } from './tanh.js';
import { upConvolutionSpec } from './up-convolution.js';

/**
 * Every layer kind's spec, keyed by kind: the one place a kind is defined. Every other table
 * (schemas, arity, cost, receptive fields, editor words, test lists) is read from here.
 * To add a kind: write `layers/<kind>.ts` exporting a `LayerSpec` and add it below.
 *
 * @example
 * layerRegistry.conv2d.editor.title; // 'Conv 2D'
 * layerRegistry.conv2d.infer({ outChannels: 8, kernelSize: 3 }, [[1, 28, 28]]).output; // [8, 26, 26]
 */
export const layerRegistry = {
  conv2d: conv2dSpec,
  convTranspose2d: convTranspose2dSpec,
  upConvolution: upConvolutionSpec,
  maxPool2d: maxPool2dSpec,
  avgPool2d: avgPool2dSpec,
  globalAvgPool2d: globalAvgPool2dSpec,
  relu: reluSpec,
  leakyRelu: leakyReluSpec,
  sigmoid: sigmoidSpec,
  tanh: tanhSpec,
  flatten: flattenSpec,
  linear: linearSpec,
  softmax: softmaxSpec,
  logSoftmax: logSoftmaxSpec,
  normalize: normalizeSpec,
  batchNorm2d: batchNorm2dSpec,
  localResponseNorm: localResponseNormSpec,
  dropout: dropoutSpec,
  add: addSpec,
  concat: concatSpec,
} as const;

export type LayerRegistry = typeof layerRegistry;
/** Every layer kind (all node kinds but the input). */
export type LayerKind = keyof LayerRegistry;

/** Every node kind's spec: the input node, then the layers. */
export const nodeSpecs = { input: inputSpec, ...layerRegistry } as const;
/** Every node kind a pipeline may hold. */
export type NodeKind = keyof typeof nodeSpecs;

/** A spec whose params type is erased: for code that handles any kind by looking it up. */
// Method syntax in LayerSpec makes a concrete spec assignable to this (parameters are bivariant).
export type AnyLayerSpec = LayerSpec<Record<string, unknown>>;
export type AnyNodeSpec = NodeSpec<Record<string, unknown>>;

/** Every layer kind, in the registry's order. */
export const layerKinds = Object.keys(layerRegistry) as LayerKind[];

/**
 * The spec of a layer kind, params erased; throws for a kind the registry does not know (a
 * document bypassing the schema), so no kind ever falls through to a default.
 *
 * @example
 * layerSpec('relu').cost({}, io);
 */
export function layerSpec(kind: string): AnyLayerSpec {
  if (!Object.hasOwn(layerRegistry, kind)) throw new Error(`no layer spec for kind "${kind}"`);
  return layerRegistry[kind as LayerKind] as unknown as AnyLayerSpec;
}

/** The spec of any node kind (the input included), params erased. */
export function nodeSpec(kind: string): AnyNodeSpec {
  if (!Object.hasOwn(nodeSpecs, kind)) throw new Error(`no node spec for kind "${kind}"`);
  return nodeSpecs[kind as NodeKind] as unknown as AnyNodeSpec;
}

export type * from './spec.js';
export { layerGroups } from './spec.js';
