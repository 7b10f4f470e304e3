import type { NodeKind, ParamsOf } from '../layer-params.js';
import { PIPELINE_VERSION, type NodeOf, type Pipeline, type PipelineEdge, type PipelineNode } from '../pipeline-types.js';

// Kinds whose params are all optional may leave them out: `node('relu1', 'relu')`.
type ParamsArgument<K extends NodeKind> = Record<never, never> extends ParamsOf<K> ? [params?: ParamsOf<K>] : [params: ParamsOf<K>];

/**
 * One pipeline node, typed by its kind, so a template reads like the network it describes.
 *
 * @example
 * node('conv1', 'conv2d', { outChannels: 64, kernelSize: 11, stride: 4, padding: 2 });
 * node('relu1', 'relu');
 */
export function node<K extends NodeKind>(id: string, kind: K, ...[params]: ParamsArgument<K>): NodeOf<K> {
  return { id, kind, params: params ?? {} } as NodeOf<K>;
}

/** Nodes and the edges between them: a piece of a pipeline. */
export interface PipelinePart {
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

/**
 * Links nodes one after another (each feeds the next); `from` names an existing node that
 * feeds the first one, to branch off a shared trunk.
 *
 * @example
 * chain([node('input', 'input', { channels: 1, height: 28, width: 28 }), node('relu1', 'relu')]);
 * // edges: [{ source: 'input', target: 'relu1' }]
 */
export function chain(nodes: PipelineNode[], from?: string): PipelinePart {
  const ids = [...(from === undefined ? [] : [from]), ...nodes.map((n) => n.id)];
  const edges = ids.slice(1).map((target, i) => ({ source: ids[i], target }));
  return { nodes, edges };
}

/** What a template says about itself. */
export interface PipelineMeta {
  name: string;
  description: string;
  seed: number;
}

/**
 * A pipeline document from its description and parts (their nodes and edges, in order), plus
 * any extra edges (skip connections).
 *
 * @example
 * pipelineOf({ name: 'tiny', description: 'a ReLU', seed: 1 }, [chain([inputNode, node('relu1', 'relu')])]);
 */
export function pipelineOf(meta: PipelineMeta, parts: PipelinePart[], extraEdges: PipelineEdge[] = []): Pipeline {
  return {
    format: 'convstudio-pipeline',
    version: PIPELINE_VERSION,
    ...meta,
    nodes: parts.flatMap((p) => p.nodes),
    edges: [...parts.flatMap((p) => p.edges), ...extraEdges],
  };
}
