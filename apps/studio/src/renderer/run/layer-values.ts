import { PipelineError, Tensor, isNodeValues, pipelineIssue, type LayerNode, type Model, type NodeValues, type Pipeline, type PipelineNode } from '@convstudio/core';

/**
 * One layer's values as they cross to the run worker: Float32Arrays moved (transferred), never
 * JSON numbers. `version` changes only when the studio's values for the layer change, so the
 * worker rebuilds only the layers an edit touched.
 */
export interface LayerValuesMessage {
  id: string;
  /** Which of the studio's arrays these are (`<weight>:<bias>[:<buffer>...]`), to tell a changed layer from a kept one. */
  version: string;
  weight?: Float32Array;
  bias?: Float32Array;
  /** Non-learnable buffers by name (a batch norm's `runningMean`, `runningVar`), from the node's `bufferValues`. */
  buffers?: Record<string, Float32Array>;
  /**
   * The arrays were left out: the worker already holds this version of the layer's values (see
   * `packLayerValues`' `sent` and {@link LayerValuesStore}).
   */
  kept?: true;
}

type ValueNode = PipelineNode & { weight?: { values?: NodeValues }; biasValues?: NodeValues; bufferValues?: Record<string, NodeValues> };

// A version per array the studio holds (its arrays are never changed in place: every edit makes
// a new one), with its values as float32: the array itself when the document holds a
// Float32Array (opened files, imports, training), else one converted copy of its numbers.
const converted = new WeakMap<NodeValues, { data: Float32Array; version: number }>();
let nextVersion = 1;

function float32Of(values: NodeValues): { data: Float32Array; version: number } {
  let entry = converted.get(values);
  if (!entry) {
    entry = { data: values instanceof Float32Array ? values : Float32Array.from(values), version: nextVersion++ };
    converted.set(values, entry);
  }
  return entry;
}

// Copies of the document's arrays made off the page (the ONNX import worker makes one of every
// tensor while it is busy anyway), each in an ArrayBuffer of its own: the first message that
// carries an array moves its spare instead of copying 244 MB on the page. Taken once; later
// messages (a fresh worker after a cut-short run, the trainer) copy as before.
const spares = new WeakMap<NodeValues, Float32Array>();

/**
 * Gives `packLayerValues` a copy of `values` to transfer the next time it sends them, instead of
 * copying them on the page. The copy must hold the same values in an ArrayBuffer of its own (it
 * is moved, so nothing else may view that buffer); `values` stays the document's.
 *
 * @example
 * offerSpareCopy(node.weight.values, copyMadeInAWorker);
 */
export function offerSpareCopy(values: Float32Array, copy: Float32Array): void {
  if (copy.buffer === values.buffer || copy.length !== values.length || copy.byteOffset !== 0 || copy.byteLength !== copy.buffer.byteLength) {
    throw new Error(`offerSpareCopy: the copy must be ${values.length} values in an ArrayBuffer of its own, got ${copy.length} values at byte ${copy.byteOffset} of ${copy.buffer.byteLength}${copy.buffer === values.buffer ? ', in the array\'s own buffer' : ''}`);
  }
  spares.set(values, copy);
}

/** An array to move to a worker with the values of `values` (the document's, never moved itself). */
function sendableCopy(values: NodeValues, data: Float32Array): Float32Array {
  const spare = spares.get(values);
  spares.delete(values);
  // A spare moved before (a buffer the caller transferred some other way) is detached: copy.
  return spare && spare.buffer.byteLength > 0 ? spare : data.slice();
}

/**
 * Takes the values written into a pipeline's layers (trained or typed weights, as the studio
 * holds them) out of the pipeline, as Float32Array copies to transfer to the worker: the message
 * carries no large number arrays, and structured cloning never walks millions of numbers. The
 * document's own arrays are never transferred (that would detach them from it and its undo
 * history): each message gets a copy, which it may move. With `sent` (the version of each layer
 * this worker was last given, by id; updated here) a layer the worker already holds goes as
 * `{ id, version, kept: true }`, no copy: AlexNet's 244 MB were copied for every run before.
 *
 * @example
 * const { pipeline, values, transfer } = packLayerValues(state.pipeline, sentToThisWorker);
 * worker.postMessage({ type: 'run', pipeline, values, ... }, transfer);
 */
export function packLayerValues(pipeline: Pipeline, sent?: Map<string, string>): { pipeline: Pipeline; values: LayerValuesMessage[]; transfer: ArrayBuffer[] } {
  const values: LayerValuesMessage[] = [];
  const transfer: ArrayBuffer[] = [];
  const nodes = pipeline.nodes.map((node): PipelineNode => {
    const { weight, biasValues, bufferValues } = node as ValueNode;
    const weightValues = isNodeValues(weight?.values) ? weight.values : undefined;
    if (node.kind === 'input' || (!weightValues && !biasValues && !bufferValues)) return node;
    const w = weightValues ? float32Of(weightValues) : undefined;
    const b = biasValues ? float32Of(biasValues) : undefined;
    const buffers = Object.entries(bufferValues ?? {}).map(([name, data]) => [name, float32Of(data)] as const);
    // A copy per message, made on purpose: transferring the document's array would detach it
    // (the document, its undo history and the next run still read it), and a structured clone
    // would copy as well, only later and less visibly. `slice` is one memory copy; a spare
    // (offerSpareCopy) is none on this thread.
    const version = [w?.version ?? 0, b?.version ?? 0, ...buffers.map(([name, { version }]) => `${name}=${version}`)].join(':');
    const message: LayerValuesMessage = { id: node.id, version };
    const rest = { ...node } as ValueNode;
    if (weightValues) delete rest.weight;
    delete rest.biasValues;
    delete rest.bufferValues;
    if (sent?.get(node.id) === version) {
      values.push({ ...message, kept: true });
      return rest as LayerNode;
    }
    sent?.set(node.id, version);
    if (w) transfer.push((message.weight = sendableCopy(weightValues!, w.data)).buffer as ArrayBuffer);
    if (b) transfer.push((message.bias = sendableCopy(biasValues!, b.data)).buffer as ArrayBuffer);
    if (buffers.length > 0) {
      message.buffers = {};
      for (const [name, { data }] of buffers) transfer.push((message.buffers[name] = sendableCopy(bufferValues![name], data)).buffer as ArrayBuffer);
    }
    values.push(message);
    return rest as LayerNode;
  });
  return values.length === 0 ? { pipeline, values, transfer } : { pipeline: { ...pipeline, nodes }, values, transfer };
}

/**
 * Puts the transferred buffers (running statistics) into a model built from the packed pipeline,
 * whose buffers start at the specs' initial values; the arrays become the tensors (no copy).
 * Throws a PipelineError naming the node and `bufferValues.<name>` when one does not fit.
 *
 * @example
 * const model = withBuffers(new Model(pipeline, report, parameters), values);
 */
export function withBuffers(model: Model, values: readonly LayerValuesMessage[]): Model {
  for (const { id, buffers } of values) {
    if (!buffers) continue;
    const entry = model.shapes.byId.get(id);
    // A leading part of the pipeline (run-pipeline's progressive build) lacks the later layers.
    if (!entry) continue;
    const record = model.buffers().get(id);
    for (const [name, data] of Object.entries(buffers)) {
      const shape = entry?.shapes.buffers?.[name];
      if (!record || !shape) throw new PipelineError([pipelineIssue(`bufferValues.${name}`, `expected a buffer this layer has, got "${name}"`, entry.node)]);
      const size = shape.reduce((a, b) => a * b, 1);
      if (data.length !== size) throw new PipelineError([pipelineIssue(`bufferValues.${name}`, `needs ${size} values for shape [${shape.join(',')}], got ${data.length}`, entry.node)]);
      record[name] = new Tensor(data, shape);
    }
  }
  return model;
}

/**
 * The worker's side of `packLayerValues`' `sent`: the last values it was given for each layer,
 * by id, which later messages marked `kept` refer to instead of carrying them again. The arrays
 * are the models' tensors too (runs never change them), so keeping them costs no memory.
 *
 * @example
 * const store = new LayerValuesStore();
 * const values = store.fill(request.values ?? []); // every message with its arrays again
 */
export class LayerValuesStore {
  private readonly held = new Map<string, LayerValuesMessage>();

  /** Stores the messages that carry arrays and fills in the kept ones; throws when a kept version was never received (a bug, not a user error). */
  fill(values: readonly LayerValuesMessage[]): LayerValuesMessage[] {
    return values.map((message) => {
      if (!message.kept) {
        this.held.set(message.id, message);
        return message;
      }
      const held = this.held.get(message.id);
      if (held?.version !== message.version) throw new Error(`the run worker was not given the values of layer "${message.id}" (version ${message.version}; it holds ${held?.version ?? 'none'})`);
      return held;
    });
  }
}
