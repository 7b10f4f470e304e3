import type { z } from 'zod';
import { type LayerKind, type LayerRegistry, layerKinds, layerRegistry, type NodeKind, nodeSpec, nodeSpecs } from './layers/index.js';

// Tables derived from the layer registry (nn/layers/): kept under their old names because other
// packages import them. A kind is defined in its `layers/<kind>.ts`, never here.

export { float32Number } from './layers/schema-parts.js';
export type { LayerKind, NodeKind };

type NodeSpecs = typeof nodeSpecs;

/** The parameter schema of each node kind. */
export const layerParamSchemas = Object.fromEntries(Object.entries(nodeSpecs).map(([kind, spec]) => [kind, spec.schema])) as {
  [K in NodeKind]: NodeSpecs[K]['schema'];
};

export const nodeKinds = Object.keys(nodeSpecs) as NodeKind[];

/** The params type of a node kind. */
export type ParamsOf<K extends NodeKind> = z.infer<(typeof layerParamSchemas)[K]>;

/** Kinds with learnable parameters (a weight and optionally a bias). */
export type ParameterizedKind = { [K in LayerKind]: LayerRegistry[K] extends { learnable: object } ? K : never }[LayerKind];
export const parameterizedKinds: readonly ParameterizedKind[] = layerKinds.filter((kind) => 'learnable' in layerRegistry[kind]) as ParameterizedKind[];

/** How many inputs each kind takes: exactly one, none (the input node), or two or more. */
export function inputArity(kind: NodeKind): 'none' | 'one' | 'many' {
  return nodeSpec(kind).arity;
}

/**
 * The params a new node of a kind gets (its spec's defaults, a fresh copy).
 *
 * @example
 * defaultParamsOf('conv2d'); // { outChannels: 8, kernelSize: 3, padding: 'same' }
 */
export function defaultParamsOf<K extends NodeKind>(kind: K): ParamsOf<K> {
  // A copy, so an editor that mutates a new node cannot change the spec.
  return JSON.parse(JSON.stringify(nodeSpec(kind).defaults)) as ParamsOf<K>;
}
