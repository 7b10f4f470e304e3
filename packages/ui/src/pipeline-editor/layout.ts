import dagre from '@dagrejs/dagre';
import type { Pipeline } from '@convstudio/core';
import type { Positions } from './graph-conversion.js';

/** Data flows top to bottom (`'TB'`) or left to right (`'LR'`). */
export type LayoutDirection = 'TB' | 'LR';

/** Sizes for {@link layoutPipeline}; node sizes should match the rendered node. */
export interface LayoutOptions {
  direction?: LayoutDirection;
  nodeWidth?: number;
  nodeHeight?: number;
  /** Gap between nodes of one rank. */
  nodeGap?: number;
  /** Gap between ranks. */
  rankGap?: number;
}

/** The size LayerNodeView is drawn at, so layout leaves room for it. */
export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 86;

/**
 * Positions (top-left corners, as React Flow wants) for every node from dagre's layered layout:
 * each node one rank after its inputs, crossings kept few. Edges to unknown nodes are ignored.
 *
 * @example
 * const positions = layoutPipeline(pipeline, { direction: 'LR' });
 */
export function layoutPipeline(pipeline: Pipeline, options: LayoutOptions = {}): Record<string, { x: number; y: number }> {
  const { direction = 'TB', nodeWidth = NODE_WIDTH, nodeHeight = NODE_HEIGHT, nodeGap = 40, rankGap = 50 } = options;
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: direction, nodesep: nodeGap, ranksep: rankGap });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(pipeline.nodes.map((n) => n.id));
  for (const id of ids) graph.setNode(id, { width: nodeWidth, height: nodeHeight });
  pipeline.edges.forEach((e, i) => {
    if (ids.has(e.source) && ids.has(e.target)) graph.setEdge(e.source, e.target, {}, `e${i}`);
  });
  dagre.layout(graph);
  const result: Record<string, { x: number; y: number }> = {};
  for (const id of ids) {
    const { x, y } = graph.node(id);
    // dagre gives centres.
    result[id] = { x: x - nodeWidth / 2, y: y - nodeHeight / 2 };
  }
  return result;
}

/**
 * Keeps known positions and lays out only what has none. When most nodes have no position, the
 * document is a new one (a template loaded) and view positions left from the last document
 * would only scatter it, so the whole graph is laid out; positions stored in the file win.
 *
 * @example
 * const positions = ensurePositions(pipeline, stored); // stored, or a fresh layout
 */
export function ensurePositions(pipeline: Pipeline, positions: Positions, options: LayoutOptions = {}): Positions {
  const missing = pipeline.nodes.filter((n) => !positions[n.id] && !n.position);
  if (missing.length === 0) return positions;
  const laid = layoutPipeline(pipeline, options);
  const fresh = missing.length * 2 >= pipeline.nodes.length;
  const result: Record<string, { x: number; y: number }> = {};
  for (const n of pipeline.nodes) result[n.id] = (fresh ? undefined : positions[n.id]) ?? n.position ?? laid[n.id];
  return result;
}

/**
 * Everything {@link ensurePositions} reads of a pipeline: node ids with their stored positions,
 * and the edges. Equal keys give equal layouts.
 *
 * @example
 * layoutKey({ ...pipeline, nodes: pipeline.nodes.map((n) => ({ ...n })) }) === layoutKey(pipeline); // true
 */
export function layoutKey(pipeline: Pipeline): string {
  const nodes = pipeline.nodes.map((n) => (n.position ? `${n.id}@${n.position.x},${n.position.y}` : n.id));
  const edges = pipeline.edges.map((e) => `${e.source}>${e.target}`);
  return JSON.stringify([nodes, edges]);
}
