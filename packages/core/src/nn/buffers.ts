import { Tensor } from '../tensor.js';
import type { AnyLayerSpec } from './layers/index.js';
import type { ShapeReport } from './shape-inference.js';

/** Every node's non-learnable buffers (running statistics), by node id and buffer name. */
export type BufferStore = Map<string, Record<string, Tensor>>;

/**
 * Builds every buffer a pipeline's layers declare, filled with the spec's initial value; shapes
 * come from shape inference (`shapes.buffers`). The optimizer never sees this store.
 *
 * @example
 * const buffers = initBuffers(report, layerSpec);
 */
export function initBuffers(report: ShapeReport, specOf: (kind: string) => AnyLayerSpec): BufferStore {
  const store: BufferStore = new Map();
  for (const { node, shapes } of report.nodes) {
    if (node.kind === 'input' || !shapes.buffers) continue;
    const declared = specOf(node.kind).buffers ?? {};
    const record: Record<string, Tensor> = {};
    for (const [name, shape] of Object.entries(shapes.buffers)) {
      const initial = declared[name]?.initial;
      if (initial === undefined) throw new Error(`${node.kind}: buffer "${name}" has a shape but no BufferSpec`);
      record[name] = new Tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(initial), shape);
    }
    store.set(node.id, record);
  }
  return store;
}
