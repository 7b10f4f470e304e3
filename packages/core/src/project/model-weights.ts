import { formatShape } from '../errors.js';
import type { BufferStore } from '../nn/buffers.js';
import { compilePipeline } from '../nn/compile-pipeline.js';
import { Model } from '../nn/model.js';
import { initParameters, type ParameterStore } from '../nn/parameters.js';
import { PipelineError } from '../nn/pipeline-issues.js';
import type { Pipeline } from '../nn/pipeline-types.js';
import type { ShapeReport } from '../nn/shape-inference.js';
import { Tensor } from '../tensor.js';
import { ProjectFileError } from './project-error.js';
import type { NamedTensors } from './weights-sidecar.js';

/**
 * A model's state as a project holds it: every learnable tensor and buffer by name
 * (`<node>.weight`, `<node>.bias`, `<node>.<buffer>`), tied to the pipeline's structure by
 * {@link pipelineHash}, with free-form `meta` (a training run's settings and history).
 */
export interface ProjectWeights {
  pipelineHash: string;
  tensors: NamedTensors;
  meta?: Record<string, unknown>;
}

/**
 * A model's weights, biases and buffers as named tensors (views on the model's own data: no copy).
 * The tensors must be on the CPU (read device tensors back first).
 *
 * @example
 * const weights = weightsOfModel(model, { epochs: 3 });
 */
export function weightsOfModel(model: Model, meta?: Record<string, unknown>): ProjectWeights {
  const tensors: NamedTensors = new Map();
  for (const [id, { weight, bias }] of model.parameters) {
    if (weight) tensors.set(`${id}.weight`, { shape: [...weight.shape], data: weight.data });
    if (bias) tensors.set(`${id}.bias`, { shape: [...bias.shape], data: bias.data });
  }
  for (const [id, buffers] of model.buffers()) {
    for (const [name, t] of Object.entries(buffers)) tensors.set(`${id}.${name}`, { shape: [...t.shape], data: t.data });
  }
  return { pipelineHash: model.hash, tensors, ...(meta ? { meta } : {}) };
}

/**
 * Parameter and buffer stores for `report`'s layers from named tensors, every shape checked
 * before anything is built. A weight or bias the file lacks is an error; a buffer it lacks keeps
 * its initial value (files from before buffers existed); a tensor no layer has is an error.
 * Errors name `fileName` and the tensor.
 *
 * @example
 * const { parameters, buffers } = storesFromWeights(weights, plan.report, 'net.convstudio.json');
 */
export function storesFromWeights(weights: ProjectWeights, report: ShapeReport, fileName: string): { parameters: ParameterStore; buffers: BufferStore } {
  const parameters: ParameterStore = new Map();
  const buffers: BufferStore = new Map();
  const used = new Set<string>();
  const take = (name: string, shape: readonly number[], required: boolean): Tensor | undefined => {
    const stored = weights.tensors.get(name);
    if (!stored) {
      if (required) throw new ProjectFileError(fileName, `weights.${name}`, `is missing: expected a tensor of shape ${formatShape(shape)}`);
      return undefined;
    }
    if (stored.shape.join() !== shape.join()) throw new ProjectFileError(fileName, `weights.${name}`, `expected shape ${formatShape(shape)}, got ${formatShape(stored.shape)}`);
    used.add(name);
    return new Tensor(stored.data, shape);
  };
  for (const { node, shapes } of report.nodes) {
    if (shapes.weight) {
      const weight = take(`${node.id}.weight`, shapes.weight, true);
      const bias = shapes.bias ? take(`${node.id}.bias`, shapes.bias, true) : undefined;
      parameters.set(node.id, { weight, ...(bias ? { bias } : {}) });
    }
    if (shapes.buffers) {
      const record: Record<string, Tensor> = {};
      for (const [name, shape] of Object.entries(shapes.buffers)) {
        const t = take(`${node.id}.${name}`, shape, false);
        if (t) record[name] = t;
      }
      if (Object.keys(record).length > 0) buffers.set(node.id, record);
    }
  }
  const extra = [...weights.tensors.keys()].find((name) => !used.has(name));
  if (extra !== undefined) throw new ProjectFileError(fileName, `weights.${extra}`, 'expected a tensor of a layer of the pipeline, got one no layer has');
  return { parameters, buffers };
}

/**
 * A model of `pipeline` with `weights` (checked against the pipeline's hash and shapes), or its
 * own initialisation when `weights` is absent. Throws a {@link PipelineError} for an invalid
 * pipeline and a {@link ProjectFileError} naming `fileName` for weights that do not fit.
 *
 * @example
 * const { project } = await readProject(text, { fileName, readBeside });
 * const model = modelWithWeights(project.pipeline, project.weights, fileName);
 */
export function modelWithWeights(pipeline: Pipeline, weights: ProjectWeights | undefined, fileName: string): Model {
  const plan = compilePipeline(pipeline);
  if (!plan.ok) throw new PipelineError(plan.issues);
  if (!weights) return new Model(plan.pipeline, plan.report, initParameters(plan.pipeline, plan.report));
  if (weights.pipelineHash !== plan.hash) {
    throw new ProjectFileError(fileName, 'weights.pipelineHash', `these weights were saved for another pipeline (hash ${weights.pipelineHash}, this pipeline has ${plan.hash}); its layers or their parameters differ`);
  }
  const { parameters, buffers } = storesFromWeights(weights, plan.report, fileName);
  // Buffers the file lacks (older files) start at their initial values, as a new model's do.
  const model = new Model(plan.pipeline, plan.report, parameters);
  for (const [id, record] of buffers) Object.assign(model.buffers().get(id) ?? {}, record);
  return model;
}
