import { Tensor } from '../tensor.js';
import { float32Copy } from './float32-values.js';
import type { AnyLayerSpec } from './layers/index.js';
import { issue, PipelineError } from './pipeline-issues.js';
import type { PipelineIssue } from './pipeline-types.js';
import type { ShapeReport } from './shape-inference.js';

/** Every node's non-learnable buffers (running statistics), by node id and buffer name. */
export type BufferStore = Map<string, Record<string, Tensor>>;

/**
 * Builds every buffer a pipeline's layers declare: from the node's `bufferValues` where given
 * (trained or imported running statistics), else filled with the spec's initial value; shapes
 * come from shape inference (`shapes.buffers`). The optimizer never sees this store.
 * Throws a {@link PipelineError} naming the node and field when given values do not fit.
 *
 * @example
 * const buffers = initBuffers(report, layerSpec);
 */
export function initBuffers(report: ShapeReport, specOf: (kind: string) => AnyLayerSpec): BufferStore {
  const store: BufferStore = new Map();
  const issues: PipelineIssue[] = [];
  for (const { node, shapes } of report.nodes) {
    if (node.kind === 'input') continue;
    const given = node.bufferValues ?? {};
    const declared = shapes.buffers ?? {};
    for (const name of Object.keys(given)) {
      if (!(name in declared)) {
        const known = Object.keys(declared);
        issues.push(issue(`bufferValues.${name}`, `expected ${known.length > 0 ? `one of ${known.map((k) => `"${k}"`).join(', ')}` : 'no buffers (this layer has none)'}, got "${name}"`, node));
      }
    }
    if (!shapes.buffers) continue;
    const specs = specOf(node.kind).buffers ?? {};
    const record: Record<string, Tensor> = {};
    for (const [name, shape] of Object.entries(shapes.buffers)) {
      const initial = specs[name]?.initial;
      if (initial === undefined) throw new Error(`${node.kind}: buffer "${name}" has a shape but no BufferSpec`);
      const size = shape.reduce((a, b) => a * b, 1);
      const values = Object.hasOwn(given, name) ? given[name] : undefined;
      if (values && values.length !== size) {
        issues.push(issue(`bufferValues.${name}`, `needs ${size} values for shape [${shape.join(',')}], got ${values.length}`, node));
        continue;
      }
      // A copy: a train-mode pass replaces the model's buffers, and the pipeline's values stay its own.
      record[name] = new Tensor(values ? float32Copy(values) : new Float32Array(size).fill(initial), shape);
    }
    store.set(node.id, record);
  }
  if (issues.length > 0) throw new PipelineError(issues);
  return store;
}
