import { Tensor } from '../tensor.js';
import type { BufferStore } from '../nn/buffers.js';
import { compilePipeline } from '../nn/compile-pipeline.js';
import { layerSpec } from '../nn/layers/index.js';
import { Model } from '../nn/model.js';
import type { ParameterStore } from '../nn/parameters.js';
import { PipelineError } from '../nn/pipeline-issues.js';
import { fail, formatShape } from '../errors.js';
import type { NamedTensors } from './weights-sidecar.js';

/**
 * A model of `pipeline` whose weights, biases and buffers are the named tensors
 * (`<node>.weight`, `<node>.bias`, `<node>.runningMean`, ...), as the weights sidecar and ONNX
 * import give them. Every tensor the pipeline needs must be there with its shape; buffers left
 * out start at their initial values. The tensors are used as they are (no copy).
 *
 * @example
 * const { pipeline, weights } = importOnnx(bytes);
 * modelFromNamedTensors(pipeline, weights).forward(x);
 */
export function modelFromNamedTensors(pipeline: unknown, tensors: NamedTensors): Model {
  const plan = compilePipeline(pipeline);
  if (!plan.ok) throw new PipelineError(plan.issues);
  const take = (name: string, shape: number[]): Tensor => {
    const t = tensors.get(name);
    if (!t) fail('modelFromNamedTensors', name, `is missing (shape ${formatShape(shape)} expected)`);
    if (t.data.length !== shape.reduce((a, b) => a * b, 1)) fail('modelFromNamedTensors', name, `has shape ${formatShape(t.shape)}, the pipeline needs ${formatShape(shape)}`);
    return new Tensor(t.data, shape);
  };
  const parameters: ParameterStore = new Map();
  const buffers: BufferStore = new Map();
  for (const { node, shapes } of plan.report.nodes) {
    if (node.kind === 'input') continue;
    if (shapes.weight) parameters.set(node.id, { weight: take(`${node.id}.weight`, shapes.weight), ...(shapes.bias ? { bias: take(`${node.id}.bias`, shapes.bias) } : {}) });
    if (shapes.buffers) {
      const declared = layerSpec(node.kind).buffers ?? {};
      buffers.set(
        node.id,
        Object.fromEntries(
          Object.entries(shapes.buffers).map(([name, shape]) => [
            name,
            tensors.has(`${node.id}.${name}`) ? take(`${node.id}.${name}`, shape) : new Tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(declared[name]?.initial ?? 0), shape),
          ]),
        ),
      );
    }
  }
  return new Model(plan.pipeline, plan.report, parameters, { buffers });
}

/**
 * A model's weights, biases and buffers as named tensors (CPU values; call `parametersToCpu`
 * first for a model trained on a device).
 *
 * @example
 * encodeWeightsSidecar(namedTensorsOf(model), model.hash);
 */
export function namedTensorsOf(model: Model): NamedTensors {
  const out: NamedTensors = new Map();
  for (const [id, p] of model.parameters) {
    if (p.weight) out.set(`${id}.weight`, { shape: [...p.weight.shape], data: p.weight.data });
    if (p.bias) out.set(`${id}.bias`, { shape: [...p.bias.shape], data: p.bias.data });
  }
  for (const [id, record] of model.buffers()) for (const [name, t] of Object.entries(record)) out.set(`${id}.${name}`, { shape: [...t.shape], data: t.data });
  return out;
}
