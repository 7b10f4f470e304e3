import {
  Model, PipelineError, Tensor, initParameters, imageInputGeometry, pipelineIssue, imageToTensor, compilePipeline, inferShapesOrThrow, withBackend,
  type Backend, type ImageFit, type LayerParameters, type LayerShapes, type Pipeline, type PipelineNode, type RgbaImage, type ShapeReport,
} from '@convstudio/core';
import { withBuffers, type LayerValuesMessage } from './layer-values.js';
import type { InputScale, MatrixInput, NodeOutput, RunFailure, RunResult } from './run-protocol.js';
import { computeGradients } from '../gradients/compute-gradients.js';
import type { GradientRequest, GradientResult } from '../gradients/gradient-protocol.js';

/**
 * A cold model that builds more parameter values than this shows its leading layers first
 * (AlexNet: conv1 to conv5 hold 2.5M of its 61M; the dense layers take seconds to initialise).
 */
export const PROGRESSIVE_PARAMETERS = 4_000_000;

/**
 * A pipeline whose last forward pass took longer than this shows the first layer an edit
 * changed (and those before it) as soon as it is computed: AlexNet's conv1 in a few tens of
 * milliseconds, not after the whole ~300 ms pass. Faster passes send one result only.
 */
export const PROGRESSIVE_RUN_MS = 100;

/** Weights up to this many values travel with each result, for the kernel editor and the figure. */
export const MAX_SHOWN_WEIGHT_VALUES = 65_536;

/** What a run needs besides the pipeline: the image, how to scale it, and the backend. */
export interface RunInput {
  image: RgbaImage;
  scale: InputScale;
  /** How an image of another aspect ratio fills the input (default: stretch). */
  fit?: ImageFit;
  backend: Backend;
  /** Gradient mode: back-propagate this target on the same backend as the forward pass. */
  gradient?: GradientRequest;
  /** A typed-in matrix used instead of the image (its shape must be the input node's). */
  matrix?: MatrixInput;
  /** The values of the pipeline's layers, taken out of it as Float32Arrays (see `packLayerValues`). */
  values?: LayerValuesMessage[];
}

/**
 * Keeps the last model, and each layer's parameters by what they are built from: a new image or
 * scale reuses the model, and an edit rebuilds only the parameters of the nodes it touched, so a
 * kernel edit does not re-initialise AlexNet's 61M weights.
 */
export class ModelCache {
  private key = '';
  private model: Model | undefined;
  private built = new Map<string, { key: string; parameters: LayerParameters }>();
  // The last input tensor and what it was made from: a kernel edit re-runs on the same image, and
  // converting (and resizing) a large photo again each time cost more than the worked example's
  // whole forward pass. Keyed by the image object itself, which the worker replaces on a new image.
  private input: { image: RgbaImage; key: string; tensor: Tensor } | undefined;
  /** The weighted nodes whose parameters the last {@link get} built anew (all of them for a new model). */
  rebuilt: ReadonlySet<string> = new Set();
  /** How long the last forward pass took, for {@link PROGRESSIVE_RUN_MS}. */
  lastForwardMs = 0;

  /** The image as the input tensor, converted once per image, size, channels, scale and fit. */
  imageInput(image: RgbaImage, options: { mode: 'grayscale' | 'rgb'; scale: InputScale; size: readonly [number, number]; fit: ImageFit }): Tensor {
    const key = JSON.stringify([options.mode, options.scale, options.size, options.fit]);
    if (this.input?.image === image && this.input.key === key) return this.input.tensor;
    const tensor = imageToTensor(image, options);
    this.input = { image, key, tensor };
    return tensor;
  }

  /**
   * When this pipeline would build more than {@link PROGRESSIVE_PARAMETERS} new values (a cold
   * AlexNet builds 61M, 58M of them in its dense layers), the model of its longest leading part
   * (in run order) that builds no more than that, with those parameters kept for the whole
   * model; otherwise undefined. Its outputs can be shown while the rest is being built.
   */
  leadingPart(pipeline: Pipeline, report: ShapeReport, values: readonly LayerValuesMessage[] = []): Model | undefined {
    const byId = new Map(values.map((v) => [v.id, v]));
    if (this.model && JSON.stringify([pipeline, values.map((v) => [v.id, v.version])]) === this.key) return undefined;
    const seed = pipeline.seed ?? 0;
    const keyOf = (node: PipelineNode, shapes: LayerShapes) => parameterKey(node, shapes, seed, byId.get(node.id)?.version);
    const toBuild = (entry: ShapeReport['nodes'][number]) => {
      const { node, shapes } = entry;
      if (!shapes.weight || byId.has(node.id) || this.built.get(node.id)?.key === keyOf(node, shapes)) return 0;
      return shapes.weight.reduce((a, b) => a * b, 1) + (shapes.bias?.[0] ?? 0);
    };
    const total = report.nodes.reduce((sum, entry) => sum + toBuild(entry), 0);
    if (total <= PROGRESSIVE_PARAMETERS) return undefined;
    let count = 0;
    let built = 0;
    for (const entry of report.nodes) {
      built += toBuild(entry);
      if (built > PROGRESSIVE_PARAMETERS) break;
      count++;
    }
    // Only the input (or nothing worth showing): no leading part.
    if (count < 2) return undefined;
    const kept = new Set(report.nodes.slice(0, count).map((entry) => entry.node.id));
    const part: Pipeline = { ...pipeline, nodes: pipeline.nodes.filter((n) => kept.has(n.id)), edges: pipeline.edges.filter((e) => kept.has(e.source) && kept.has(e.target)) };
    const plan = compilePipeline(part);
    if (!plan.ok) return undefined;
    const parameters = initParameters(plan.pipeline, plan.report, {
      reuse: reusing(this.built, byId, seed),
    });
    // Kept for get(): the whole model reuses what the leading part built.
    for (const { node, shapes } of plan.report.nodes) {
      const made = parameters.get(node.id);
      if (made) this.built.set(node.id, { key: keyOf(node, shapes), parameters: made });
    }
    return withBuffers(new Model(plan.pipeline, plan.report, parameters), values);
  }

  get(pipeline: Pipeline, report: ShapeReport = inferShapesOrThrow(pipeline), values: readonly LayerValuesMessage[] = []): Model {
    const byId = new Map(values.map((v) => [v.id, v]));
    const key = JSON.stringify([pipeline, values.map((v) => [v.id, v.version])]);
    if (this.model && key === this.key) {
      this.rebuilt = new Set();
      return this.model;
    }
    const seed = pipeline.seed ?? 0;
    const previous = this.built;
    const reuse = reusing(previous, byId, seed);
    const rebuilt = new Set<string>();
    const parameters = initParameters(pipeline, report, {
      reuse: (node, shapes) => {
        const kept = reuse(node, shapes);
        if (shapes.weight && (kept === undefined || kept !== previous.get(node.id)?.parameters)) rebuilt.add(node.id);
        return kept;
      },
    });
    this.rebuilt = rebuilt;
    this.built = new Map();
    for (const { node, shapes } of report.nodes) {
      const built = parameters.get(node.id);
      if (built) this.built.set(node.id, { key: parameterKey(node, shapes, seed, byId.get(node.id)?.version), parameters: built });
    }
    this.model = withBuffers(new Model(pipeline, report, parameters), values);
    this.key = key;
    return this.model;
  }
}

/**
 * How a model build reuses parameters: those built before from the same source stay, transferred
 * values become the tensors, and anything else is left to core's initialisation.
 */
function reusing(built: ReadonlyMap<string, { key: string; parameters: LayerParameters }>, byId: ReadonlyMap<string, LayerValuesMessage>, seed: number) {
  return (node: PipelineNode, shapes: LayerShapes): LayerParameters | undefined => {
    const kept = built.get(node.id);
    if (kept?.key === parameterKey(node, shapes, seed, byId.get(node.id)?.version)) return kept.parameters;
    const given = byId.get(node.id);
    return given ? parametersOf(node, shapes, given, seed) : undefined;
  };
}

/** Everything a node's weight and bias are built from (core's initParameters reads no more), the transferred values by version. */
function parameterKey(node: PipelineNode, shapes: LayerShapes, seed: number, valuesVersion?: string): string {
  return JSON.stringify([node.kind, node.weight ?? null, node.biasValues ?? null, shapes.weight, shapes.bias ?? null, seed, valuesVersion ?? null]);
}

/**
 * A layer's parameters from its transferred values (the buffers become the tensors' own, no
 * copy); a slot without values is built as core builds it (the node's source, or zeros for a
 * bias) from the pipeline's `seed`: a bias typed in alone must not re-seed the layer's weights.
 */
function parametersOf(node: PipelineNode, shapes: LayerShapes, given: LayerValuesMessage, seed: number): LayerParameters {
  const fit = (slot: 'weight' | 'bias', data: Float32Array, shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw new PipelineError([pipelineIssue(slot === 'weight' ? 'weight.values' : 'biasValues', `needs ${size} values for shape [${shape.join(',')}], got ${data.length}`, node)]);
    return new Tensor(data, shape);
  };
  // Only a slot without values is built the ordinary way (never AlexNet's big layers twice).
  const own = () => {
    const inferred = { node, inputIds: [], inputShapes: [], shapes };
    return initParameters({ format: 'convstudio-pipeline', version: 1, seed, nodes: [node], edges: [] }, { nodes: [inferred], byId: new Map([[node.id, inferred]]), issues: [] }).get(node.id) ?? {};
  };
  return {
    ...(shapes.weight ? { weight: given.weight ? fit('weight', given.weight, shapes.weight) : own().weight } : {}),
    ...(shapes.bias ? { bias: given.bias ? fit('bias', given.bias, shapes.bias) : own().bias } : {}),
  };
}

/**
 * Receives a run's first outputs before the rest is computed. With `wait` (a big net built cold,
 * before its heavy part) the run goes on when the promise returned settles: the worker lets
 * the page draw them first.
 */
export type EarlyOutputs = (outputs: NodeOutput[], wait?: boolean) => unknown;

/**
 * Runs a pipeline forward on an image and reads every node's output back to the host. With a
 * GPU backend the whole forward pass stays on the device; only the results are read.
 *
 * @example
 * const outputs = await runPipeline(workedExamplePipeline(), { image, scale: '0-255', backend: cpuBackend }, cache);
 */
export async function runPipeline(document: unknown, input: RunInput, cache: ModelCache, onLeadingOutputs?: EarlyOutputs): Promise<RunResult> {
  // Parsed every run; shapes are inferred once per structure (core's cache), so a kernel edit
  // or a new image does not infer AlexNet again.
  const plan = compilePipeline(document);
  if (!plan.ok) throw new PipelineError(plan.issues);
  const x = input.matrix ? matrixTensor(plan.pipeline, input.matrix) : imageTensor(plan.report, input, cache);
  // A big net opened cold: its first layers' maps go to the page before the dense layers' tens
  // of millions of weights are built, and the whole pass then starts from those outputs.
  // Not in gradient mode: backward needs one pass's own activations.
  const leading = onLeadingOutputs && !input.gradient ? cache.leadingPart(plan.pipeline, plan.report, input.values) : undefined;
  let precomputed: Map<string, Tensor> | undefined;
  // The whole pass's compute (both parts of a cold one), without building or waiting between them.
  let leadingMs = 0;
  if (leading) {
    const leadingStarted = performance.now();
    precomputed = withBackend(input.backend, () => leading.forward(x, { mode: 'eval' }));
    leadingMs = performance.now() - leadingStarted;
    precomputed.delete(leading.inputId);
    await onLeadingOutputs?.(await readOutputs(precomputed), true);
  }
  const model = cache.get(plan.pipeline, plan.report, input.values);
  const showFirst = leading || !onLeadingOutputs || input.gradient || cache.lastForwardMs <= PROGRESSIVE_RUN_MS ? undefined : firstChanged(plan.report, cache.rebuilt);
  const started = performance.now();
  const activations = withBackend(input.backend, () => model.forward(x, {
    ...(precomputed ? { precomputed } : {}),
    ...(showFirst ? { onOutput: (id: string, sofar: ReadonlyMap<string, Tensor>) => id === showFirst && showEarly(sofar, model.inputId, onLeadingOutputs) } : {}),
  }));
  cache.lastForwardMs = leadingMs + performance.now() - started;
  const outputs: NodeOutput[] = [];
  let gradients: GradientResult | undefined;
  try {
    if (input.gradient) gradients = await computeGradients(model, activations, x, input.gradient, input.backend, MAX_SHOWN_WEIGHT_VALUES);
    outputs.push(...(await readOutputs(activations)));
  } finally {
    // GPU activations go back to the buffer pool at once (a no-op for CPU tensors).
    for (const tensor of activations.values()) if (tensor !== x) tensor.dispose();
  }
  const weights: NodeOutput[] = [];
  const biases: NodeOutput[] = [];
  for (const [id, { weight, bias }] of model.parameters) {
    if (!weight || weight.size > MAX_SHOWN_WEIGHT_VALUES) continue;
    weights.push({ id, shape: [...weight.shape], data: (await weight.read()).slice() });
    if (bias) biases.push({ id, shape: [...bias.shape], data: (await bias.read()).slice() });
  }
  return { outputs, weights, biases, ...(gradients ? { gradients } : {}) };
}

/**
 * The first node in run order whose parameters were built anew (the layer an edit changed), or
 * after a new image or scale (nothing rebuilt) the first node after the input.
 */
function firstChanged(report: ShapeReport, rebuilt: ReadonlySet<string>): string | undefined {
  const nodes = report.nodes.filter((n) => n.node.kind !== 'input');
  return (rebuilt.size === 0 ? nodes[0] : nodes.find((n) => rebuilt.has(n.node.id)))?.node.id;
}

/**
 * Hands the outputs so far on as copies (the pass goes on using its own). CPU tensors only:
 * their values can be read here, in the middle of the synchronous pass; a GPU pass sends its
 * one result.
 */
function showEarly(sofar: ReadonlyMap<string, Tensor>, inputId: string, show?: EarlyOutputs): void {
  const layers = [...sofar].filter(([id]) => id !== inputId);
  if (layers.some(([, t]) => t.isOnDevice)) return;
  void show?.(layers.map(([id, tensor]) => ({ id, shape: [...tensor.shape], data: tensor.data.slice() })));
}

/**
 * Every tensor's values as copies: CPU reads return the tensor's own array, and reshaped nodes
 * (flatten) share one, while the worker moves each result's buffer to the page.
 */
async function readOutputs(tensors: ReadonlyMap<string, Tensor>): Promise<NodeOutput[]> {
  const outputs: NodeOutput[] = [];
  for (const [id, tensor] of tensors) outputs.push({ id, shape: [...tensor.shape], data: (await tensor.read()).slice() });
  return outputs;
}

function imageTensor(report: ShapeReport, input: RunInput, cache: ModelCache): Tensor {
  const geometry = imageInputGeometry(report);
  if (!geometry.ok) throw new PipelineError(geometry.issues);
  const { mode, size } = geometry;
  return cache.imageInput(input.image, { mode, scale: input.scale, size, fit: input.fit ?? 'stretch' });
}

/** The typed-in matrix as `[1, C, H, W]`, or a failure when the input node expects another shape. */
function matrixTensor(pipeline: Pipeline, matrix: MatrixInput): Tensor {
  const input = pipeline.nodes.find((n) => n.kind === 'input');
  const { channels, height, width } = (input?.params ?? {}) as { channels?: number; height?: number; width?: number };
  const [c, h, w] = matrix.shape;
  if (channels !== c || height !== h || width !== w) {
    throw new PipelineError([pipelineIssue('params', `the input matrix is ${c}x${h}x${w} but the input node expects ${String(channels)}x${String(height)}x${String(width)}`, input)]);
  }
  return new Tensor(Float32Array.from(matrix.values), [1, c, h, w]);
}

/** Turns anything a run throws into what the studio shows: the message and the node issues. */
export function describeFailure(error: unknown): RunFailure {
  if (error instanceof PipelineError) return { message: error.message, issues: error.issues };
  // Matched by name: the GPU package is loaded lazily, so its class is not imported here.
  if (error instanceof Error && error.name === 'GpuUnavailableError') return { message: error.message, issues: [], gpuUnavailable: true };
  if (error instanceof Error) return { message: error.message, issues: [] };
  return { message: String(error), issues: [] };
}
