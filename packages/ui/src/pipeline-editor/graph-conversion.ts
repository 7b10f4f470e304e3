import { inputArity, type NodeKind, type ParamsOf, type Pipeline, type PipelineEdge, type PipelineNode } from '@convstudio/core';
import type { Edge, Node, XYPosition } from '@xyflow/react';

/** Where each node sits on the canvas, by node id: view state, kept out of undo history. */
export type Positions = Readonly<Record<string, XYPosition>>;

/** What a React Flow node of a kind carries: only the node's serializable parameters. */
export type LayerNodeData<K extends NodeKind = NodeKind> = { params: ParamsOf<K>; label?: string; frozen?: boolean };

/** A React Flow node for each pipeline node kind; `type` is the kind, so `nodeTypes` picks the view. */
export type LayerFlowNode = { [K in NodeKind]: Node<LayerNodeData<K>, K> }[NodeKind];

/** An edge of the canvas: `targetHandle` is `in-<slot>`, the input's place in the target's inputs. */
export type LayerFlowEdge = Edge;

/** The one output handle of every node. */
export const OUTPUT_HANDLE = 'out';
/**
 * The id of a node's input handle for an input slot.
 *
 * @example
 * inputHandle(1); // 'in-1'
 */
export const inputHandle = (slot: number): string => `in-${slot}`;
/**
 * The input slot a handle id names, or undefined for no input handle.
 *
 * @example
 * slotOfHandle('in-1'); // 1
 */
export function slotOfHandle(handle: string | null | undefined): number | undefined {
  const match = /^in-(\d+)$/.exec(handle ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * An edge's canvas id from its ends and slot: stable while other nodes' edges change.
 *
 * @example
 * edgeId('conv1', 'add1', 0); // 'conv1->add1:0'
 */
export const edgeId = (source: string, target: string, slot: number): string => `${source}->${target}:${slot}`;

/** What is selected on the canvas, by id. */
export interface Selection {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
}

/**
 * The pipeline's edges in document order, each with its canvas id and input slot: its place
 * among the target's inputs in the core's order (by port, then by document order).
 *
 * @example
 * slottedEdges(pipeline)[0]; // { edge, index: 0, id: 'input->conv1:0', slot: 0 }
 */
export function slottedEdges(pipeline: Pipeline): { edge: PipelineEdge; index: number; id: string; slot: number }[] {
  const byTarget = new Map<string, number[]>();
  pipeline.edges.forEach((edge, index) => byTarget.set(edge.target, [...(byTarget.get(edge.target) ?? []), index]));
  const slots = new Array<number>(pipeline.edges.length);
  const port = (index: number) => pipeline.edges[index].port ?? Number.MAX_SAFE_INTEGER;
  for (const indices of byTarget.values()) {
    indices.sort((a, b) => port(a) - port(b) || a - b).forEach((index, slot) => (slots[index] = slot));
  }
  return pipeline.edges.map((edge, index) => ({ edge, index, id: edgeId(edge.source, edge.target, slots[index]), slot: slots[index] }));
}

/**
 * A pipeline as React Flow nodes and edges. Positions come from the view-state map, then the
 * document's own `position`, then the origin; the input node cannot be deleted, since a
 * pipeline has exactly one.
 *
 * @example
 * const { nodes, edges } = toFlow(pipeline, positions, { nodes: new Set(['conv1']), edges: new Set() });
 */
export function toFlow(pipeline: Pipeline, positions: Positions, selection?: Selection): { nodes: LayerFlowNode[]; edges: LayerFlowEdge[] } {
  const nodes = pipeline.nodes.map((node) => {
    const data: LayerNodeData = { params: node.params };
    if (node.label !== undefined) data.label = node.label;
    if (node.frozen) data.frozen = true;
    return {
      id: node.id,
      type: node.kind,
      position: positions[node.id] ?? node.position ?? { x: 0, y: 0 },
      data,
      selected: selection?.nodes.has(node.id) ?? false,
      deletable: node.kind !== 'input',
    } as LayerFlowNode;
  });
  const edges = slottedEdges(pipeline).map(({ edge, id, slot }) => ({
    id,
    source: edge.source,
    target: edge.target,
    sourceHandle: OUTPUT_HANDLE,
    targetHandle: inputHandle(slot),
    selected: selection?.edges.has(id) ?? false,
  }));
  return { nodes, edges };
}

/**
 * The pipeline a canvas shows, on top of `base` (its name, seed and each node's weights, which
 * the canvas does not carry). Edges into add and concat get explicit ports from their slots.
 *
 * @example
 * fromFlow(base, nodes, edges); // equals base when nothing changed
 */
export function fromFlow(base: Pipeline, nodes: readonly LayerFlowNode[], edges: readonly LayerFlowEdge[]): Pipeline {
  const previous = new Map(base.nodes.map((n) => [n.id, n]));
  const kinds = new Map(nodes.map((n) => [n.id, n.type]));
  const pipelineNodes = nodes.map((flow) => {
    // label and frozen come from the canvas; weights and the rest from the document.
    const node: Record<string, unknown> = { ...previous.get(flow.id), id: flow.id, kind: flow.type, params: flow.data.params };
    delete node.label;
    delete node.frozen;
    if (flow.data.label !== undefined) node.label = flow.data.label;
    if (flow.data.frozen) node.frozen = true;
    return node as PipelineNode;
  });
  const pipelineEdges = edges.map((e): PipelineEdge => {
    const slot = slotOfHandle(e.targetHandle);
    const kind = kinds.get(e.target);
    const many = kind !== undefined && inputArity(kind) === 'many';
    return many && slot !== undefined ? { source: e.source, target: e.target, port: slot } : { source: e.source, target: e.target };
  });
  return { ...base, nodes: pipelineNodes, edges: pipelineEdges };
}

/**
 * Positions for saving: the view-state map, falling back to each node's stored `position`.
 *
 * @example
 * positionsOf(pipeline, {}); // { conv1: { x: 0, y: 120 } } when the file stored one
 */
export function positionsOf(pipeline: Pipeline, positions: Positions = {}): Record<string, XYPosition> {
  const result: Record<string, XYPosition> = {};
  for (const node of pipeline.nodes) {
    const at = positions[node.id] ?? node.position;
    if (at) result[node.id] = { x: at.x, y: at.y };
  }
  return result;
}

/**
 * The document with each node's `position` written from the view state, for saving a file that
 * reopens with the same layout (the core ignores positions).
 *
 * @example
 * JSON.stringify(withPositions(pipeline, positions));
 */
export function withPositions(pipeline: Pipeline, positions: Positions): Pipeline {
  return {
    ...pipeline,
    nodes: pipeline.nodes.map((node) => {
      const at = positions[node.id];
      return at ? { ...node, position: { x: Math.round(at.x), y: Math.round(at.y) } } : node;
    }),
  };
}
