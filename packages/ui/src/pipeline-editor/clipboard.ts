import type { Pipeline, PipelineEdge, PipelineNode } from '@convstudio/core';
import type { Positions } from './graph-conversion.js';
import { freshId } from './pipeline-edits.js';

/** Copied nodes with the edges between them and where they sat. Plain JSON. */
export interface ClipboardContent {
  nodes: PipelineNode[];
  edges: PipelineEdge[];
  positions: Record<string, { x: number; y: number }>;
}

/**
 * The selected nodes, the edges among them (edges from outside the selection are dropped) and
 * their positions. The input node is never copied: a pipeline has exactly one.
 *
 * @example
 * const clip = copyNodes(pipeline, positions, ['conv1', 'relu1']); // keeps conv1 -> relu1
 */
export function copyNodes(pipeline: Pipeline, positions: Positions, ids: Iterable<string>): ClipboardContent {
  const wanted = new Set(ids);
  const nodes = pipeline.nodes.filter((n) => wanted.has(n.id) && n.kind !== 'input');
  const kept = new Set(nodes.map((n) => n.id));
  const edges = pipeline.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  const at: Record<string, { x: number; y: number }> = {};
  for (const n of nodes) {
    const p = positions[n.id] ?? n.position;
    if (p) at[n.id] = { x: p.x, y: p.y };
  }
  // A structured clone, so later edits of the document cannot reach into the clipboard.
  return structuredClone({ nodes, edges, positions: at });
}

/** What {@link pasteNodes} made: the document, the positions and the new nodes' ids. */
export interface Pasted {
  pipeline: Pipeline;
  positions: Positions;
  ids: string[];
}

// 'conv1' pastes as 'conv2', 'conv1_copy' would only grow with every paste.
const baseOf = (id: string) => id.replace(/\d+$/, '') || 'node';

/**
 * Adds copies of the clipboard's nodes with fresh unique ids, the edges among them renamed to
 * match, placed `offset` away from the originals (so a paste never hides what was copied).
 *
 * @example
 * const { pipeline: next, ids } = pasteNodes(pipeline, positions, clip); // ids: ['conv2', 'relu2']
 */
export function pasteNodes(pipeline: Pipeline, positions: Positions, clip: ClipboardContent, offset = { x: 40, y: 40 }): Pasted {
  const taken = new Set(pipeline.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  for (const node of clip.nodes) {
    const id = freshId(baseOf(node.id), taken);
    taken.add(id);
    rename.set(node.id, id);
  }
  const copy = structuredClone(clip);
  const nodes = copy.nodes.map((n) => {
    // Where the copy sits is view state (below); a stale stored position would win over it.
    const node = { ...n, id: rename.get(n.id) as string };
    delete node.position;
    return node as PipelineNode;
  });
  const edges = copy.edges.map((e) => ({ ...e, source: rename.get(e.source) as string, target: rename.get(e.target) as string }));
  const placed: Record<string, { x: number; y: number }> = { ...positions };
  for (const [from, to] of rename) {
    const p = copy.positions[from] ?? { x: 0, y: 0 };
    placed[to] = { x: p.x + offset.x, y: p.y + offset.y };
  }
  return { pipeline: { ...pipeline, nodes: [...pipeline.nodes, ...nodes], edges: [...pipeline.edges, ...edges] }, positions: placed, ids: [...rename.values()] };
}
