import type { NodeProto } from 'onnx-buf';
import type { OnnxAttributeValue, OnnxNodeLike } from '../nn/layers/spec.js';
import { shortestFloat } from './attributes.js';
import { metadataOf, NODE_ID, NODE_KIND, NODE_PARAMS } from './metadata.js';

/** A run of consecutive nodes the export wrote for one pipeline node, by its first node's index. */
export interface NodeGroup {
  id: string;
  kind: string;
  params: unknown;
  count: number;
}

/** The groups of nodes that carry ConvStudio's metadata (none in files from other tools). */
export function nodeGroups(nodes: readonly NodeProto[]): Map<number, NodeGroup> {
  const groups = new Map<number, NodeGroup>();
  let current: { start: number; group: NodeGroup } | undefined;
  nodes.forEach((node, i) => {
    const meta = metadataOf(node.metadataProps);
    const id = meta.get(NODE_ID);
    if (id !== undefined && current && current.group.id === id && current.start + current.group.count === i) {
      current.group.count++;
      return;
    }
    current = undefined;
    if (id === undefined) return;
    let params: unknown;
    try {
      params = JSON.parse(meta.get(NODE_PARAMS) ?? 'null');
    } catch {
      return;
    }
    current = { start: i, group: { id, kind: meta.get(NODE_KIND) ?? '', params, count: 1 } };
    groups.set(i, current.group);
  });
  return groups;
}

// Numbers compared as the float32 the file holds them as.
const canonical = (value: OnnxAttributeValue): unknown =>
  typeof value === 'number' ? shortestFloat(Math.fround(value)) : Array.isArray(value) ? value.map((v) => shortestFloat(Math.fround(v))) : typeof value === 'string' ? value : null;

/** Whether the file's nodes are the ones exporting the params again writes: same ops, same attributes. */
export function matchesExport(file: readonly NodeProto[], written: readonly OnnxNodeLike[], attributesOf: (n: NodeProto, i: number) => Record<string, OnnxAttributeValue>): boolean {
  if (file.length !== written.length) return false;
  return file.every((node, i) => {
    if (node.opType !== written[i].opType || node.input.filter(Boolean).length !== written[i].inputs.length) return false;
    const a = attributesOf(node, i);
    const b = written[i].attributes;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => a[k] !== undefined && b[k] !== undefined && JSON.stringify(canonical(a[k])) === JSON.stringify(canonical(b[k])));
  });
}
