import { z } from 'zod';
import { formatShape } from '../errors.js';
import { Tensor } from '../tensor.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import type { LayerParameters } from './layers/index.js';
import type { Model } from './model.js';
import type { ParameterStore } from './parameters.js';
import { issue, PipelineError } from './pipeline-issues.js';
import type { PipelineIssue } from './pipeline-types.js';

/** The weights file format version this library writes and reads. */
export const WEIGHTS_VERSION = 1;

const storedTensor = z.strictObject({ shape: z.array(z.number().int().nonnegative()), dtype: z.literal('float32'), data: z.string() });
const weightsFileSchema = z.strictObject({
  format: z.literal('convstudio-weights'),
  version: z.literal(WEIGHTS_VERSION),
  pipelineHash: z.string(),
  meta: z.record(z.string(), z.unknown()).optional(),
  tensors: z.record(z.string(), storedTensor),
});

/** A weights file (or checkpoint): every learnable tensor, tied to the pipeline's structure by hash. */
export type WeightsFile = z.infer<typeof weightsFileSchema>;

function encodeTensor(t: Tensor) {
  // Little-endian explicitly, so files move between machines unchanged.
  const bytes = new Uint8Array(t.size * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < t.size; i++) view.setFloat32(i * 4, t.data[i], true);
  return { shape: [...t.shape], dtype: 'float32' as const, data: encodeBase64(bytes) };
}

function decodeFloat32(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float32Array(bytes.length / 4);
  for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(i * 4, true);
  return data;
}

/** Bytes a base64 text decodes to, from its length alone. */
function base64Length(text: string): number {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  return Math.floor((end * 3) / 4);
}

/**
 * Serialises a model's parameters (and free-form `meta`, e.g. epoch and metrics) to a weights
 * file object; `JSON.stringify` it to save.
 *
 * @example
 * await writeFile('weights.json', JSON.stringify(saveWeights(model, { epoch: 3 })));
 */
export function saveWeights(model: Model, meta: Record<string, unknown> = {}): WeightsFile {
  const tensors: WeightsFile['tensors'] = {};
  for (const [id, { weight, bias }] of model.parameters) {
    if (weight) tensors[`${id}.weight`] = encodeTensor(weight);
    if (bias) tensors[`${id}.bias`] = encodeTensor(bias);
  }
  return { format: 'convstudio-weights', version: WEIGHTS_VERSION, pipelineHash: model.hash, meta, tensors };
}

/**
 * Reads a weights file for a model: checks the format, the pipeline hash and every tensor's
 * shape, and returns a parameter store to build the model with. Throws a {@link PipelineError}
 * naming each mismatching node.
 *
 * @example
 * const trained = createModel(pipeline, { parameters: loadWeights(JSON.parse(text), createModel(pipeline)) });
 */
export function loadWeights(document: unknown, model: Model, options: { ignoreHash?: boolean } = {}): ParameterStore {
  const parsed = weightsFileSchema.safeParse(document);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new PipelineError([issue(`weights.${first.path.join('.') || '(document)'}`, first.message)]);
  }
  const file = parsed.data;
  if (!options.ignoreHash && file.pipelineHash !== model.hash) {
    throw new PipelineError([issue('weights.pipelineHash', `these weights were saved for another pipeline (hash ${file.pipelineHash}, this pipeline has ${model.hash}); its layers or their parameters differ`)]);
  }
  const issues: PipelineIssue[] = [];
  const store: ParameterStore = new Map();
  for (const [id, expected] of model.parameters) {
    const loaded: LayerParameters = {};
    for (const slot of ['weight', 'bias'] as const) {
      const want = expected[slot];
      if (!want) continue;
      const key = `${id}.${slot}`;
      const stored = Object.hasOwn(file.tensors, key) ? file.tensors[key] : undefined;
      if (!stored) {
        issues.push(issue(`weights.${slot}`, 'is missing from the weights file', { id }));
        continue;
      }
      // Shape and length are checked before decoding, so a hostile file allocates nothing big.
      if (stored.shape.join() !== want.shape.join()) {
        issues.push(issue(`weights.${slot}`, `expected shape ${formatShape(want.shape)}, the file has ${formatShape(stored.shape)}`, { id }));
        continue;
      }
      if (base64Length(stored.data) !== want.size * 4) {
        issues.push(issue(`weights.${slot}`, `expected ${want.size * 4} bytes of data for shape ${formatShape(want.shape)}, the file has ${base64Length(stored.data)}`, { id }));
        continue;
      }
      const bytes = decodeBase64(stored.data);
      if (!bytes) {
        issues.push(issue(`weights.${slot}`, 'is not valid base64', { id }));
        continue;
      }
      const data = decodeFloat32(bytes);
      const bad = data.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        issues.push(issue(`weights.${slot}`, `value ${bad} is ${data[bad]}; weights must be finite float32 numbers (the file is damaged or the training diverged)`, { id }));
        continue;
      }
      loaded[slot] = new Tensor(data, want.shape);
    }
    store.set(id, loaded);
  }
  if (issues.length > 0) throw new PipelineError(issues);
  return store;
}
