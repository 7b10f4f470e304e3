import { cachedShapes } from '../nn/compile-pipeline.js';
import { float32Copy, isNodeValues, plainValues } from '../nn/float32-values.js';
import { layerSpec } from '../nn/layers/index.js';
import type { LayerNode, NodeValues, Pipeline, PipelineNode } from '../nn/pipeline-types.js';
import type { NamedTensors } from './weights-sidecar.js';

type ValueNode = PipelineNode & { weight?: { values?: NodeValues }; biasValues?: NodeValues; bufferValues?: Record<string, NodeValues> };

// A Float32Array the pipeline holds is never changed in place (see NodeValues), so a tensor may
// share it: a writer only reads it. Numbers are converted.
const sharedFloat32 = (values: NodeValues): Float32Array => (values instanceof Float32Array ? values : float32Copy(values));

/**
 * Moves the values written into a pipeline's layers (`weight.values`, `biasValues`, and the
 * buffers' `bufferValues` as `<node>.<buffer>`, e.g. `bn1.runningMean`: how the
 * studio keeps trained weights) out into named tensors, for every
 * layer whose shapes are known and fit; other layers keep theirs (a pipeline being edited may
 * not infer). Returns a new pipeline; the given one is not changed. Values held as Float32Arrays
 * become the tensors' data without a copy (read them, never write them).
 *
 * @example
 * const { pipeline, tensors } = takeNodeValues(studioPipeline); // tensors: 'conv1.weight' => Float32Array
 */
export function takeNodeValues(pipeline: Pipeline): { pipeline: Pipeline; tensors: NamedTensors } {
  const tensors: NamedTensors = new Map();
  const holds = pipeline.nodes.some((n) => isNodeValues((n as ValueNode).weight?.values) || isNodeValues((n as ValueNode).biasValues) || (n as ValueNode).bufferValues !== undefined);
  if (!holds) return { pipeline, tensors };
  const report = cachedShapes(pipeline);
  const nodes = pipeline.nodes.map((node): PipelineNode => {
    const shapes = report.byId.get(node.id)?.shapes;
    const { weight, biasValues, bufferValues = {} } = node as ValueNode;
    const fits = (values: NodeValues | undefined, shape: number[] | undefined) => values !== undefined && shape !== undefined && values.length === shape.reduce((a, b) => a * b, 1);
    // A node moves whole or not at all: the sidecar needs its weight, and every value must fit.
    const buffers = Object.entries(bufferValues);
    if (!fits(weight?.values, shapes?.weight) || (biasValues !== undefined && !fits(biasValues, shapes?.bias))) return node;
    if (buffers.some(([name, values]) => !fits(values, shapes?.buffers?.[name]))) return node;
    tensors.set(`${node.id}.weight`, { shape: [...shapes!.weight!], data: sharedFloat32(weight!.values!) });
    if (biasValues) tensors.set(`${node.id}.bias`, { shape: [...shapes!.bias!], data: sharedFloat32(biasValues) });
    for (const [name, values] of buffers) tensors.set(`${node.id}.${name}`, { shape: [...shapes!.buffers![name]], data: sharedFloat32(values) });
    const rest = { ...node } as ValueNode;
    delete rest.weight;
    delete rest.biasValues;
    delete rest.bufferValues;
    return rest as PipelineNode;
  });
  return { pipeline: { ...pipeline, nodes }, tensors };
}

/** Options of {@link putNodeValues}. */
export interface PutNodeValuesOptions {
  /**
   * How the values go into the layers: `'numbers'` (the default) as number arrays, for JSON and
   * hand editing; `'float32'` as the tensors' own Float32Arrays, without a copy (AlexNet's 61
   * million weights: milliseconds instead of seconds). With `'float32'` the pipeline shares the
   * tensors' arrays: the caller gives them up (changes neither).
   */
  as?: 'numbers' | 'float32';
}

/**
 * Writes named weights, biases and buffers (those the layer's spec declares, as `bufferValues`)
 * into their layers as values (the inverse of {@link takeNodeValues}), for hosts that keep
 * weights in the pipeline; tensors of nodes the pipeline lacks are left out.
 *
 * @example
 * const pipeline = putNodeValues(project.pipeline, project.weights.tensors);
 * const shared = putNodeValues(project.pipeline, project.weights.tensors, { as: 'float32' }); // no copy
 */
export function putNodeValues(pipeline: Pipeline, tensors: NamedTensors, options: PutNodeValuesOptions = {}): Pipeline {
  const valuesOf = options.as === 'float32' ? (data: Float32Array): NodeValues => data : plainValues;
  const nodes = pipeline.nodes.map((node): PipelineNode => {
    if (node.kind === 'input') return node;
    const weight = tensors.get(`${node.id}.weight`);
    const bias = tensors.get(`${node.id}.bias`);
    const bufferValues: Record<string, NodeValues> = {};
    for (const name of Object.keys(layerSpec(node.kind).buffers ?? {})) {
      const buffer = tensors.get(`${node.id}.${name}`);
      if (buffer) bufferValues[name] = valuesOf(buffer.data);
    }
    const buffers = Object.keys(bufferValues).length > 0;
    if (!weight && !bias && !buffers) return node;
    return {
      ...node,
      ...(weight ? { weight: { values: valuesOf(weight.data) } } : {}),
      ...(bias ? { biasValues: valuesOf(bias.data) } : {}),
      ...(buffers ? { bufferValues } : {}),
    } as LayerNode;
  });
  return { ...pipeline, nodes };
}

/**
 * The pipeline with every value its layers hold as a Float32Array turned into plain numbers,
 * for writing it as JSON (a Float32Array would be written as an object of indices); nodes
 * without one stay the same objects.
 *
 * @example
 * JSON.stringify(plainNodeValues(pipeline)); // "values": [0.5, ...], never {"0": 0.5, ...}
 */
export function plainNodeValues(pipeline: Pipeline): Pipeline {
  const typed = (node: PipelineNode) => {
    const { weight, biasValues, bufferValues } = node as ValueNode;
    return weight?.values instanceof Float32Array || biasValues instanceof Float32Array || Object.values(bufferValues ?? {}).some((v) => v instanceof Float32Array);
  };
  if (!pipeline.nodes.some(typed)) return pipeline;
  const nodes = pipeline.nodes.map((node): PipelineNode => {
    if (!typed(node)) return node;
    const { weight, biasValues, bufferValues } = node as ValueNode;
    const plain = { ...node } as ValueNode;
    if (weight?.values) plain.weight = { values: plainValues(weight.values) };
    if (biasValues) plain.biasValues = plainValues(biasValues);
    if (bufferValues) plain.bufferValues = Object.fromEntries(Object.entries(bufferValues).map(([name, values]) => [name, plainValues(values)]));
    return plain as PipelineNode;
  });
  return { ...pipeline, nodes };
}
