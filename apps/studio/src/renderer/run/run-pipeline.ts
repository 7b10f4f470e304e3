import {
  Model, PipelineError, Tensor, initParameters, imageInputGeometry, pipelineIssue, imageToTensor, compilePipeline, inferShapesOrThrow, withBackend,
  type Backend, type ImageFit, type LayerParameters, type LayerShapes, type Pipeline, type PipelineNode, type RgbaImage, type ShapeReport,
} from '@convstudio/core';
import type { InputScale, MatrixInput, NodeOutput, RunFailure, RunResult } from './run-protocol.js';
import { computeGradients } from '../gradients/compute-gradients.js';
import type { GradientRequest, GradientResult } from '../gradients/gradient-protocol.js';

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

  /** The image as the input tensor, converted once per image, size, channels, scale and fit. */
  imageInput(image: RgbaImage, options: { mode: 'grayscale' | 'rgb'; scale: InputScale; size: readonly [number, number]; fit: ImageFit }): Tensor {
    const key = JSON.stringify([options.mode, options.scale, options.size, options.fit]);
    if (this.input?.image === image && this.input.key === key) return this.input.tensor;
    const tensor = imageToTensor(image, options);
    this.input = { image, key, tensor };
    return tensor;
  }

  get(pipeline: Pipeline, report: ShapeReport = inferShapesOrThrow(pipeline)): Model {
    const key = JSON.stringify(pipeline);
    if (this.model && key === this.key) return this.model;
    const seed = pipeline.seed ?? 0;
    const previous = this.built;
    const parameters = initParameters(pipeline, report, {
      reuse: (node, shapes) => {
        const kept = previous.get(node.id);
        return kept?.key === parameterKey(node, shapes, seed) ? kept.parameters : undefined;
      },
    });
    this.built = new Map();
    for (const { node, shapes } of report.nodes) {
      const built = parameters.get(node.id);
      if (built) this.built.set(node.id, { key: parameterKey(node, shapes, seed), parameters: built });
    }
    this.model = new Model(pipeline, report, parameters);
    this.key = key;
    return this.model;
  }
}

/** Everything a node's weight and bias are built from (core's initParameters reads no more). */
function parameterKey(node: PipelineNode, shapes: LayerShapes, seed: number): string {
  return JSON.stringify([node.kind, node.weight ?? null, node.biasValues ?? null, shapes.weight, shapes.bias ?? null, seed]);
}

/**
 * Runs a pipeline forward on an image and reads every node's output back to the host. With a
 * GPU backend the whole forward pass stays on the device; only the results are read.
 *
 * @example
 * const outputs = await runPipeline(workedExamplePipeline(), { image, scale: '0-255', backend: cpuBackend }, cache);
 */
export async function runPipeline(document: unknown, input: RunInput, cache: ModelCache): Promise<RunResult> {
  // Parsed every run; shapes are inferred once per structure (core's cache), so a kernel edit
  // or a new image does not infer AlexNet again.
  const plan = compilePipeline(document);
  if (!plan.ok) throw new PipelineError(plan.issues);
  const model = cache.get(plan.pipeline, plan.report);
  const x = input.matrix ? matrixTensor(plan.pipeline, input.matrix) : imageTensor(plan.report, input, cache);
  const activations = withBackend(input.backend, () => model.forward(x));
  const outputs: NodeOutput[] = [];
  let gradients: GradientResult | undefined;
  try {
    if (input.gradient) gradients = await computeGradients(model, activations, x, input.gradient, input.backend, MAX_SHOWN_WEIGHT_VALUES);
    for (const [id, tensor] of activations) {
      // Copies: CPU reads return the tensor's own array, and reshaped nodes (flatten) share one,
      // while the worker moves each result's buffer to the page.
      outputs.push({ id, shape: [...tensor.shape], data: (await tensor.read()).slice() });
    }
  } finally {
    // GPU activations go back to the buffer pool at once (a no-op for CPU tensors).
    for (const tensor of activations.values()) if (tensor !== x) tensor.dispose();
  }
  const weights: NodeOutput[] = [];
  for (const [id, { weight }] of model.parameters) {
    if (weight && weight.size <= MAX_SHOWN_WEIGHT_VALUES) weights.push({ id, shape: [...weight.shape], data: (await weight.read()).slice() });
  }
  return { outputs, weights, ...(gradients ? { gradients } : {}) };
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
