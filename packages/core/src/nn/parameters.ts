import { kernelPreset } from '../data/kernel-presets.js';
import { createRandom } from '../random.js';
import { fillNormalFast } from '../wasm/random-wasm.js';
import type { Backend } from '../backend.js';
import { ConvStudioError } from '../errors.js';
import { checkedSize, getMaxTensorElements } from '../limits.js';
import { keep, Tensor } from '../tensor.js';
import { float32Copy } from './float32-values.js';
import { hashString } from './hash.js';
import { layerSpec } from './layers/index.js';
import type { LayerParameters, LayerShapes } from './layers/index.js';
import { issue, PipelineError } from './pipeline-issues.js';
import type { Pipeline, PipelineIssue, PipelineNode, WeightSource } from './pipeline-types.js';
import type { ShapeReport } from './shape-inference.js';

/** Every learnable layer's tensors, by node id. */
export type ParameterStore = Map<string, LayerParameters>;

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Fan-in and fan-out as PyTorch computes them: dims 1 and 0 times the kernel area. */
function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  const area = product(shape.slice(2));
  return { fanIn: shape[1] * area, fanOut: shape[0] * area };
}

/** A per-node seed from the pipeline seed and the node id, so adding a node leaves the others' weights alone. */
export function nodeSeed(pipelineSeed: number, nodeId: string): number {
  return parseInt(hashString(nodeId, pipelineSeed).slice(-8), 16);
}

function initialised(source: Extract<WeightSource, { init: string }>, shape: number[], seed: number): Tensor {
  const data = new Float32Array(product(shape));
  const { fanIn, fanOut } = fans(shape);
  if (source.init === 'he') {
    // He (Kaiming) normal: keeps ReLU activations' variance steady from layer to layer.
    // Filled in bulk (ziggurat, four at a time in WebAssembly): AlexNet's 61M weights took seconds
    // drawn one Box-Muller pair at a time.
    fillNormalFast(data, seed, Math.sqrt(2 / fanIn));
  } else if (source.init === 'xavier') {
    // Xavier (Glorot) uniform: for tanh/sigmoid layers.
    const rng = createRandom(seed);
    const bound = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < data.length; i++) data[i] = bound * (2 * rng.next() - 1);
  } else if (source.init === 'ones') {
    data.fill(1);
  }
  return new Tensor(data, shape);
}

function fromPresets(node: PipelineNode, names: string[], shape: number[]): Tensor | PipelineIssue {
  const [cout, cin, kh, kw] = shape;
  if (names.length !== cout) return issue('weight.presets', `needs one preset per output channel (${cout}), got ${names.length}`, node);
  const data = new Float32Array(product(shape));
  for (let o = 0; o < cout; o++) {
    const preset = kernelPreset(names[o] as Parameters<typeof kernelPreset>[0]);
    if (shape.length !== 4 || preset.size !== kh || preset.size !== kw) {
      return issue('weight.presets', `preset '${preset.name}' is ${preset.size}x${preset.size} but the kernel is ${kh}x${kw}`, node);
    }
    for (let i = 0; i < cin; i++) data.set(preset.values, (o * cin + i) * kh * kw);
  }
  return new Tensor(data, shape);
}

function weightFor(node: PipelineNode, shape: number[], pipelineSeed: number): Tensor | PipelineIssue {
  const learnable = layerSpec(node.kind).learnable;
  const source: WeightSource = node.weight ?? { init: learnable?.defaultInit ?? 'he' };
  if ('init' in source) return initialised(source, shape, source.seed ?? nodeSeed(pipelineSeed, node.id));
  if ('values' in source) {
    const expected = product(shape);
    if (source.values.length !== expected) {
      return issue('weight.values', `needs ${expected} values for shape [${shape.join(',')}], got ${source.values.length}`, node);
    }
    // A copy: optimizer steps update parameters in place, and the pipeline's values stay its own.
    return new Tensor(float32Copy(source.values), shape);
  }
  if (!learnable?.kernelPresets || shape.length !== 4) return issue('weight.presets', `kernel presets apply to convolutions, not to ${node.kind}`, node);
  return fromPresets(node, source.presets, shape);
}

/**
 * Every size limit, checked from the shapes alone before anything is allocated: each weight and
 * bias within the tensor limit, and all of them together too (a thousand layers just under the
 * limit would otherwise allocate a thousand GiB).
 */
function sizeIssues(report: ShapeReport): PipelineIssue[] {
  const issues: PipelineIssue[] = [];
  const limit = getMaxTensorElements();
  let total = 0;
  for (const { node, shapes } of report.nodes) {
    for (const slot of ['weight', 'bias'] as const) {
      const shape = shapes[slot];
      if (!shape) continue;
      try {
        total += checkedSize(node.kind, slot, shape);
      } catch (error) {
        if (!(error instanceof ConvStudioError)) throw error;
        issues.push(issue(slot === 'weight' ? 'params' : 'params.bias', `the ${slot} ${error.detail}`, node));
      }
    }
  }
  if (issues.length === 0 && total > limit) {
    issues.push(issue('nodes', `hold ${total} learnable values in all, above the limit of ${limit} elements (${((limit * 4) / 2 ** 30).toFixed(2)} GiB as float32); make the layers smaller or raise it with setMaxTensorElements`));
  }
  return issues;
}

/** Options of {@link initParameters}. */
export interface InitParametersOptions {
  /**
   * Parameters to take instead of building them, per node (e.g. a previous model's, for a node
   * whose weight source, bias values, shapes and seed are unchanged); `undefined` builds them.
   * The size limits are still checked for every node.
   */
  reuse?: (node: PipelineNode, shapes: LayerShapes) => LayerParameters | undefined;
}

/**
 * Builds every learnable layer's weight and bias from the pipeline: He/Xavier initialisation
 * (seeded per node), values typed in by hand, or kernel presets; biases from `biasValues` or zeros.
 * Throws a {@link PipelineError} naming the node and field when values do not fit.
 *
 * @example
 * const parameters = initParameters(pipeline, inferShapesOrThrow(pipeline));
 * const again = initParameters(pipeline, report, { reuse: (node) => parameters.get(node.id) });
 */
export function initParameters(pipeline: Pipeline, report: ShapeReport, options: InitParametersOptions = {}): ParameterStore {
  const tooBig = sizeIssues(report);
  if (tooBig.length > 0) throw new PipelineError(tooBig);
  const store: ParameterStore = new Map();
  const issues: PipelineIssue[] = [];
  for (const { node, shapes } of report.nodes) {
    if (!shapes.weight) continue;
    const reused = options.reuse?.(node, shapes);
    if (reused) {
      store.set(node.id, reused);
      continue;
    }
    const weight = weightFor(node, shapes.weight, pipeline.seed ?? 0);
    if (!(weight instanceof Tensor)) {
      issues.push(weight);
      continue;
    }
    const parameters: LayerParameters = { weight };
    if (shapes.bias) {
      const values = node.biasValues;
      if (values && values.length !== shapes.bias[0]) {
        issues.push(issue('biasValues', `needs ${shapes.bias[0]} values (one per output channel), got ${values.length}`, node));
        continue;
      }
      parameters.bias = new Tensor(values ? float32Copy(values) : new Float32Array(shapes.bias[0]), shapes.bias);
    }
    store.set(node.id, parameters);
  }
  if (issues.length > 0) throw new PipelineError(issues);
  return store;
}

/** Total learnable values in a store. */
export function countParameters(store: ParameterStore): number {
  let total = 0;
  for (const { weight, bias } of store.values()) total += (weight?.size ?? 0) + (bias?.size ?? 0);
  return total;
}

/**
 * Moves every parameter to `backend` in place of the CPU tensors (a no-op for the CPU backend),
 * so training on a GPU updates them there. The store then owns device memory: bring it back
 * with {@link parametersToCpu}.
 *
 * @example
 * parametersToBackend(model.parameters, gpu); // ... train ...; await parametersToCpu(model.parameters);
 */
export function parametersToBackend(store: ParameterStore, backend: Backend): void {
  for (const parameters of store.values()) {
    for (const slot of ['weight', 'bias'] as const) {
      const t = parameters[slot];
      if (t && !t.isOnDevice) {
        const moved = backend.upload(t);
        if (moved !== t) parameters[slot] = keep(moved);
      }
    }
  }
}

/**
 * Reads every device parameter back into a CPU tensor and frees the device copy, e.g. to save
 * weights; CPU parameters stay as they are.
 *
 * @example
 * await parametersToCpu(model.parameters); saveWeights(model);
 */
export async function parametersToCpu(store: ParameterStore): Promise<void> {
  for (const parameters of store.values()) {
    for (const slot of ['weight', 'bias'] as const) {
      const t = parameters[slot];
      if (t?.isOnDevice) {
        parameters[slot] = new Tensor((await t.read()).slice(), t.shape);
        t.dispose();
      }
    }
  }
}
