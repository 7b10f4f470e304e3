import type { Pipeline, PipelineNode } from '../nn/pipeline-types.js';

// Structural edits (depth, number of dense layers) insert and remove nodes; on a DAG with skips
// "the last conv block" has no single meaning, so they work on chains, which every classifier
// template is. The other axes only change parameters and work on any graph.

/** Kinds that belong to a conv block after its convolution (activation, pooling, normalisation). */
const blockFollowers = new Set(['relu', 'leakyRelu', 'sigmoid', 'tanh', 'maxPool2d', 'avgPool2d', 'normalize']);
/** Kinds that follow a dense layer as part of it. */
const denseFollowers = new Set(['relu', 'leakyRelu', 'sigmoid', 'tanh']);
export const activationKinds = new Set(['relu', 'leakyRelu', 'sigmoid', 'tanh']);

/**
 * The nodes of a chain pipeline (one input, each node feeding at most one other, no ports) in
 * order, or null when the pipeline branches.
 */
export function chainOrder(pipeline: Pipeline): PipelineNode[] | null {
  const next = new Map<string, string>();
  const incoming = new Map<string, number>();
  for (const e of pipeline.edges) {
    if (next.has(e.source) || e.port !== undefined) return null;
    next.set(e.source, e.target);
    incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
  }
  const byId = new Map(pipeline.nodes.map((n) => [n.id, n]));
  const starts = pipeline.nodes.filter((n) => !incoming.has(n.id));
  if (starts.length !== 1 || [...incoming.values()].some((c) => c > 1)) return null;
  const order: PipelineNode[] = [];
  for (let id: string | undefined = starts[0].id; id !== undefined; id = next.get(id)) {
    const node = byId.get(id);
    if (!node || order.length > pipeline.nodes.length) return null;
    order.push(node);
  }
  return order.length === pipeline.nodes.length ? order : null;
}

/** The pipeline with its nodes in `order`, each feeding the next. */
export function withChain(pipeline: Pipeline, order: PipelineNode[]): Pipeline {
  return { ...pipeline, nodes: order, edges: order.slice(1).map((n, i) => ({ source: order[i].id, target: n.id })) };
}

/** Position in a chain of the node trained as logits: the last node, or its input when the last is a softmax. */
export function logitsIndex(order: PipelineNode[]): number {
  const last = order.length - 1;
  return order[last].kind === 'softmax' ? last - 1 : last;
}

/** A deep copy of JSON data (pipeline params are JSON by definition; core has no structuredClone type). */
export function jsonClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A parameter-only copy of a node under a new id (no editor position or label: it is a new node). */
function copyOf(node: PipelineNode, id: string): PipelineNode {
  return { id, kind: node.kind, params: jsonClone(node.params) } as PipelineNode;
}

/** An id not yet used in the pipeline, from a stem: `conv2_d1`, `conv2_d2`, … */
export function freshId(taken: Set<string>, stem: string): string {
  for (let i = 1; ; i++) {
    const id = `${stem}_${i}`.slice(-64);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/**
 * Changes the number of conv2d layers of a chain to `depth`. Fewer: the trailing conv blocks go
 * (each conv with the activations and pools after it). More: 3x3 'same' convolutions with the
 * last conv's channel count, each followed by the activation that follows the last conv, go right
 * after that activation (before its pooling), so the maps keep their size.
 */
export function setConvDepth(order: PipelineNode[], depth: number): PipelineNode[] | string {
  const convs = order.flatMap((n, i) => (n.kind === 'conv2d' ? [i] : []));
  if (convs.length === 0) return 'has no conv2d layer to repeat or remove';
  if (depth === convs.length) return order;
  if (depth < convs.length) {
    const drop = new Set<number>();
    for (const start of convs.slice(depth)) {
      drop.add(start);
      for (let i = start + 1; i < order.length && blockFollowers.has(order[i].kind); i++) drop.add(i);
    }
    return order.filter((_, i) => !drop.has(i));
  }
  const lastConv = convs[convs.length - 1];
  const conv = order[lastConv];
  if (conv.kind !== 'conv2d') return 'internal: expected a conv2d';
  const after = order[lastConv + 1];
  const activation = after && activationKinds.has(after.kind) ? after : undefined;
  const taken = new Set(order.map((n) => n.id));
  const added: PipelineNode[] = [];
  for (let k = convs.length; k < depth; k++) {
    const convId = freshId(taken, `${conv.id}_d`);
    added.push({ id: convId, kind: 'conv2d', params: { outChannels: conv.params.outChannels, kernelSize: 3, padding: 'same' } });
    if (activation) added.push(copyOf(activation, freshId(taken, `${activation.id}_d`)));
  }
  const at = activation ? lastConv + 2 : lastConv + 1;
  return [...order.slice(0, at), ...added, ...order.slice(at)];
}

/**
 * Changes how many hidden dense layers stand before a chain's logits layer. Fewer: the last
 * hidden ones go with their activations. More: `width`-unit linear layers (default: the last
 * hidden layer's width, or 64), each with the activation of the existing hidden layers (ReLU
 * when there is none), go just before the logits.
 */
export function setDenseLayers(order: PipelineNode[], count: number, width?: number): PipelineNode[] | string {
  const logits = logitsIndex(order);
  if (order[logits].kind !== 'linear') return `its output layer "${order[logits].id}" is a ${order[logits].kind}, not a linear layer`;
  const hidden = order.slice(0, logits).flatMap((n, i) => (n.kind === 'linear' ? [i] : []));
  if (count === hidden.length) return order;
  if (count < hidden.length) {
    const drop = new Set<number>();
    for (const start of hidden.slice(count)) {
      drop.add(start);
      for (let i = start + 1; i < logits && denseFollowers.has(order[i].kind); i++) drop.add(i);
    }
    return order.filter((_, i) => !drop.has(i));
  }
  const last = hidden.length ? order[hidden[hidden.length - 1]] : undefined;
  const unitWidth = width ?? (last?.kind === 'linear' ? last.params.outFeatures : 64);
  const follower = last ? order[hidden[hidden.length - 1] + 1] : undefined;
  const activation: PipelineNode = follower && activationKinds.has(follower.kind) ? follower : { id: 'relu', kind: 'relu', params: {} };
  const taken = new Set(order.map((n) => n.id));
  const added: PipelineNode[] = [];
  for (let k = hidden.length; k < count; k++) {
    added.push({ id: freshId(taken, 'fc_h'), kind: 'linear', params: { outFeatures: unitWidth } });
    added.push(copyOf(activation, freshId(taken, `${activation.id}_h`)));
  }
  return [...order.slice(0, logits), ...added, ...order.slice(logits)];
}
