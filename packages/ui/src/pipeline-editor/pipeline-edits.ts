import { inputArity, nodeSpec, type LayerKind, type Pipeline, type PipelineEdge, type PipelineNode } from '@convstudio/core';
import { slottedEdges, slotOfHandle, type Positions } from './graph-conversion.js';
import { defaultParams } from './param-fields.js';

/**
 * The first id `<base><n>` (n = 1, 2, ...) not in `taken`.
 *
 * @example
 * freshId('conv', new Set(['conv1'])); // 'conv2'
 */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

/**
 * Gives the inputs of add and concat nodes explicit ports 0..n-1 in their current order, so a
 * removed input leaves no gap and the canvas's input slots equal the ports.
 *
 * @example
 * compactPorts(pipeline).edges; // ports 0, 1 where they were 0, 2
 */
export function compactPorts(pipeline: Pipeline): Pipeline {
  const kinds = new Map(pipeline.nodes.map((n) => [n.id, n.kind]));
  const slots = slottedEdges(pipeline);
  let changed = false;
  const edges = pipeline.edges.map((edge, i) => {
    const kind = kinds.get(edge.target);
    if (kind === undefined || inputArity(kind) !== 'many' || edge.port === slots[i].slot) return edge;
    changed = true;
    return { ...edge, port: slots[i].slot };
  });
  return changed ? { ...pipeline, edges } : pipeline;
}

/** What {@link addNode} made: the document, the new node's id and its place. */
export interface Added {
  pipeline: Pipeline;
  positions: Positions;
  id: string;
}

/** Where {@link addNode} puts the new layer and what feeds it. */
export interface AddOptions {
  /** The canvas position (a drop point). */
  at?: { x: number; y: number };
  /** A node that feeds the new layer; the layer goes next to it unless `at` is given. */
  after?: string;
  /** Which way "next to" is: below for `'TB'` (default), to the right for `'LR'`. */
  direction?: 'TB' | 'LR';
}

/**
 * Adds a layer with default params at `at`; with `after`, it is fed by that node and placed
 * next to it when no `at` is given (click-to-add builds a chain).
 *
 * @example
 * const { pipeline: next, id } = addNode(pipeline, positions, 'relu', { after: 'conv1' });
 */
export function addNode(pipeline: Pipeline, positions: Positions, kind: LayerKind, options: AddOptions = {}): Added {
  const id = freshId(nodeSpec(kind).editor.idPrefix, new Set(pipeline.nodes.map((n) => n.id)));
  const node = { id, kind, params: defaultParams(kind) } as PipelineNode;
  const after = options.after === undefined ? undefined : pipeline.nodes.find((n) => n.id === options.after);
  const edges: PipelineEdge[] = after ? [{ source: after.id, target: id, ...(inputArity(kind) === 'many' ? { port: 0 } : {}) }] : [];
  const anchor = after ? (positions[after.id] ?? after.position) : undefined;
  const across = options.direction === 'LR';
  const step = across ? { x: 250, y: 0 } : { x: 0, y: 120 };
  const all = Object.values(positions);
  const fallback = across ? { x: Math.max(0, ...all.map((p) => p.x)) + step.x, y: 0 } : { x: 0, y: Math.max(0, ...all.map((p) => p.y)) + step.y };
  const at = options.at ?? (anchor ? { x: anchor.x + step.x, y: anchor.y + step.y } : fallback);
  return { pipeline: { ...pipeline, nodes: [...pipeline.nodes, node], edges: [...pipeline.edges, ...edges] }, positions: { ...positions, [id]: at }, id };
}

/** Whether `target` feeds, through edges, into `source` (so source -> target closes a cycle). */
function reaches(pipeline: Pipeline, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of pipeline.edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

/** A drag from an output handle to an input handle. */
export interface Connection {
  source: string;
  target: string;
  targetHandle?: string | null;
}

/**
 * Why a connection is refused, or undefined when it may be made: no edges into the input
 * node, none from a node to itself, none that close a cycle.
 *
 * @example
 * connectionProblem(pipeline, { source: 'relu1', target: 'conv1' }); // 'would close a cycle ...'
 */
export function connectionProblem(pipeline: Pipeline, connection: Connection): string | undefined {
  const target = pipeline.nodes.find((n) => n.id === connection.target);
  if (!target || !pipeline.nodes.some((n) => n.id === connection.source)) return 'names a node that is not in the pipeline';
  if (target.kind === 'input') return 'the input node takes no inputs';
  if (connection.source === connection.target) return 'a node cannot feed itself';
  if (reaches(pipeline, connection.target, connection.source)) return `would close a cycle: "${connection.target}" already feeds "${connection.source}"`;
  return undefined;
}

/**
 * Adds the edge a drag made. A one-input layer's old input is replaced; on add and concat the
 * edge takes the dropped-on slot, replacing the input there, or appends on the free slot.
 * A refused connection (see {@link connectionProblem}) leaves the document as it was.
 *
 * @example
 * connect(pipeline, { source: 'conv1', target: 'add1', targetHandle: 'in-1' });
 */
export function connect(pipeline: Pipeline, connection: Connection): Pipeline {
  if (connectionProblem(pipeline, connection) !== undefined) return pipeline;
  const { source, target } = connection;
  const kind = pipeline.nodes.find((n) => n.id === target)?.kind ?? 'relu';
  if (inputArity(kind) === 'one') {
    return { ...pipeline, edges: [...pipeline.edges.filter((e) => e.target !== target), { source, target }] };
  }
  const ported = compactPorts(pipeline);
  const count = ported.edges.filter((e) => e.target === target).length;
  const slot = Math.min(slotOfHandle(connection.targetHandle) ?? count, count);
  const edges = ported.edges.filter((e) => !(e.target === target && e.port === slot));
  return { ...ported, edges: [...edges, { source, target, port: slot }] };
}

/**
 * Removes nodes (never the input node) with their edges, and edges by canvas id; ports of add
 * and concat are renumbered so no slot is left empty.
 *
 * @example
 * removeElements(pipeline, ['relu1'], ['conv1->pool1:0']);
 */
export function removeElements(pipeline: Pipeline, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): Pipeline {
  const input = new Set(pipeline.nodes.filter((n) => n.kind === 'input').map((n) => n.id));
  const nodes = new Set([...nodeIds].filter((id) => !input.has(id)));
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return pipeline;
  const slotted = slottedEdges(pipeline);
  const keep = pipeline.edges.filter((e, i) => !nodes.has(e.source) && !nodes.has(e.target) && !edges.has(slotted[i].id));
  if (keep.length === pipeline.edges.length && !pipeline.nodes.some((n) => nodes.has(n.id))) return pipeline;
  return compactPorts({ ...pipeline, nodes: pipeline.nodes.filter((n) => !nodes.has(n.id)), edges: keep });
}

/** {@link removeAndReconnect}'s answer: the document, and the edges it drew to bridge the gap. */
export interface Removed {
  pipeline: Pipeline;
  reconnected: { source: string; target: string }[];
}

/**
 * Removes nodes and edges like {@link removeElements}, then bridges each gap a removed chain
 * leaves: a consumer of a removed node is fed by the nearest node above it that stays, where the
 * removed nodes in between take one input each (deleting the middle of conv → relu → pool gives
 * conv → pool, as node editors dissolve a node). Nodes that merge several inputs are not bridged.
 *
 * @example
 * removeAndReconnect(chain, ['relu1']).reconnected; // [{ source: 'conv1', target: 'pool1' }]
 */
export function removeAndReconnect(pipeline: Pipeline, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): Removed {
  const inputNodes = new Set(pipeline.nodes.filter((n) => n.kind === 'input').map((n) => n.id));
  const removed = new Set([...nodeIds].filter((id) => !inputNodes.has(id)));
  const next = removeElements(pipeline, removed, edgeIds);
  if (next === pipeline || removed.size === 0) return { pipeline: next, reconnected: [] };
  const feeders = new Map<string, string[]>();
  for (const e of pipeline.edges) feeders.set(e.target, [...(feeders.get(e.target) ?? []), e.source]);
  const survivorAbove = (id: string): string | undefined => {
    let at = id;
    // Bounded by the node count, so a malformed (cyclic) document cannot loop forever.
    for (let steps = 0; removed.has(at) && steps <= pipeline.nodes.length; steps++) {
      const inputs = feeders.get(at) ?? [];
      if (inputs.length !== 1) return undefined;
      at = inputs[0];
    }
    return removed.has(at) ? undefined : at;
  };
  let bridged = next;
  const reconnected: { source: string; target: string }[] = [];
  for (const e of pipeline.edges) {
    if (!removed.has(e.source) || removed.has(e.target)) continue;
    const source = survivorAbove(e.source);
    if (source === undefined || bridged.edges.some((k) => k.target === e.target && k.source === source)) continue;
    const target = bridged.nodes.find((n) => n.id === e.target);
    if (!target) continue;
    // A one-input layer left without input takes the bridge; a merge node gets it on a free slot.
    const handle = inputArity(target.kind) === 'one' ? undefined : `in-${bridged.edges.filter((k) => k.target === e.target).length}`;
    const joined = connect(bridged, { source, target: e.target, ...(handle ? { targetHandle: handle } : {}) });
    if (joined !== bridged) {
      bridged = joined;
      reconnected.push({ source, target: e.target });
    }
  }
  return { pipeline: bridged, reconnected };
}
