import { z } from 'zod';

// Parameter schemas of every layer kind. Field names are the core ops' option names, so a
// pipeline node's `params` can be handed to its op unchanged.

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();
const positivePair = z.union([positiveInt, z.tuple([positiveInt, positiveInt])]);
const nonNegativePair = z.union([nonNegativeInt, z.tuple([nonNegativeInt, nonNegativeInt])]);
const convPadding = z.union([
  nonNegativeInt,
  z.tuple([nonNegativeInt, nonNegativeInt]),
  z.tuple([nonNegativeInt, nonNegativeInt, nonNegativeInt, nonNegativeInt]),
  z.literal('valid'),
  z.literal('same'),
]);

const input = z.strictObject({ channels: positiveInt, height: positiveInt, width: positiveInt });
const conv2d = z.strictObject({
  outChannels: positiveInt,
  kernelSize: positivePair,
  stride: positivePair.optional(),
  padding: convPadding.optional(),
  dilation: positivePair.optional(),
  groups: positiveInt.optional(),
  bias: z.boolean().optional(),
});
const convTranspose2d = z.strictObject({
  outChannels: positiveInt,
  kernelSize: positivePair,
  stride: positivePair.optional(),
  padding: nonNegativePair.optional(),
  outputPadding: nonNegativePair.optional(),
  dilation: positivePair.optional(),
  groups: positiveInt.optional(),
  bias: z.boolean().optional(),
});
const upConvolution = z.strictObject({
  outChannels: positiveInt,
  kernelSize: positivePair,
  factor: positiveInt.optional(),
  padding: nonNegativePair.optional(),
  bias: z.boolean().optional(),
});
const maxPool2d = z.strictObject({
  kernelSize: positivePair,
  stride: positivePair.optional(),
  padding: nonNegativePair.optional(),
  dilation: positivePair.optional(),
  ceilMode: z.boolean().optional(),
});
const avgPool2d = z.strictObject({
  kernelSize: positivePair,
  stride: positivePair.optional(),
  padding: nonNegativePair.optional(),
  ceilMode: z.boolean().optional(),
  countIncludePad: z.boolean().optional(),
});
/** A number that stays finite as float32 (tensors hold float32: 1e39 would become Infinity). */
export const float32Number = z.number().refine((v) => Number.isFinite(Math.fround(v)), { message: 'must fit in float32 (magnitude at most 3.4028235e38)' });
const none = z.strictObject({});
const leakyRelu = z.strictObject({ negativeSlope: float32Number.optional() });
const linear = z.strictObject({ outFeatures: positiveInt, bias: z.boolean().optional() });
const softmax = z.strictObject({ dim: z.number().int().optional() });
const normalize = z.strictObject({
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  scope: z.enum(['tensor', 'sample', 'map']).optional(),
});
const concat = z.strictObject({ axis: z.number().int().optional() });

/** The parameter schema of each node kind. */
export const layerParamSchemas = {
  input,
  conv2d,
  convTranspose2d,
  upConvolution,
  maxPool2d,
  avgPool2d,
  globalAvgPool2d: none,
  relu: none,
  leakyRelu,
  sigmoid: none,
  tanh: none,
  flatten: none,
  linear,
  softmax,
  normalize,
  add: none,
  concat,
} as const;

/** Every node kind a pipeline may hold. */
export type NodeKind = keyof typeof layerParamSchemas;
/** Every layer kind (all node kinds but the input). */
export type LayerKind = Exclude<NodeKind, 'input'>;
export const nodeKinds = Object.keys(layerParamSchemas) as NodeKind[];

/** The params type of a node kind. */
export type ParamsOf<K extends NodeKind> = z.infer<(typeof layerParamSchemas)[K]>;

/** Kinds with learnable parameters (a weight and optionally a bias). */
export const parameterizedKinds = ['conv2d', 'convTranspose2d', 'upConvolution', 'linear'] as const;
export type ParameterizedKind = (typeof parameterizedKinds)[number];

/** How many inputs each kind takes: exactly one, none (the input node), or two or more. */
export function inputArity(kind: NodeKind): 'none' | 'one' | 'many' {
  if (kind === 'input') return 'none';
  return kind === 'add' || kind === 'concat' ? 'many' : 'one';
}
