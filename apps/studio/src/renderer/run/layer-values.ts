import type { LayerNode, Pipeline, PipelineNode } from '@convstudio/core';

/**
 * One layer's values as they cross to the run worker: Float32Arrays moved (transferred), never
 * JSON numbers. `version` changes only when the studio's values for the layer change, so the
 * worker rebuilds only the layers an edit touched.
 */
export interface LayerValuesMessage {
  id: string;
  /** Which of the studio's arrays these are (`<weight>:<bias>`), to tell a changed layer from a kept one. */
  version: string;
  weight?: Float32Array;
  bias?: Float32Array;
}

type ValueNode = PipelineNode & { weight?: { values?: number[] }; biasValues?: number[] };

// One float32 copy per array the studio holds (its arrays are never changed in place: every edit
// makes a new one), with the version it was given.
const converted = new WeakMap<readonly number[], { data: Float32Array; version: number }>();
let nextVersion = 1;

function float32Of(values: readonly number[]): { data: Float32Array; version: number } {
  let entry = converted.get(values);
  if (!entry) {
    entry = { data: Float32Array.from(values), version: nextVersion++ };
    converted.set(values, entry);
  }
  return entry;
}

/**
 * Takes the values written into a pipeline's layers (trained or typed weights, as the studio
 * holds them) out of the pipeline, as Float32Array copies to transfer to the worker: the message
 * carries no large number arrays, and structured cloning never walks millions of numbers.
 *
 * @example
 * const { pipeline, values, transfer } = packLayerValues(state.pipeline);
 * worker.postMessage({ type: 'run', pipeline, values, ... }, transfer);
 */
export function packLayerValues(pipeline: Pipeline): { pipeline: Pipeline; values: LayerValuesMessage[]; transfer: ArrayBuffer[] } {
  const values: LayerValuesMessage[] = [];
  const transfer: ArrayBuffer[] = [];
  const nodes = pipeline.nodes.map((node): PipelineNode => {
    const { weight, biasValues } = node as ValueNode;
    const weightValues = Array.isArray(weight?.values) ? weight.values : undefined;
    if (node.kind === 'input' || (!weightValues && !biasValues)) return node;
    const w = weightValues ? float32Of(weightValues) : undefined;
    const b = biasValues ? float32Of(biasValues) : undefined;
    // A copy per message: the transfer detaches it, and the cached one serves the next run.
    const message: LayerValuesMessage = { id: node.id, version: `${w?.version ?? 0}:${b?.version ?? 0}` };
    if (w) transfer.push((message.weight = w.data.slice()).buffer as ArrayBuffer);
    if (b) transfer.push((message.bias = b.data.slice()).buffer as ArrayBuffer);
    values.push(message);
    const rest = { ...node } as ValueNode;
    if (weightValues) delete rest.weight;
    delete rest.biasValues;
    return rest as LayerNode;
  });
  return values.length === 0 ? { pipeline, values, transfer } : { pipeline: { ...pipeline, nodes }, values, transfer };
}
