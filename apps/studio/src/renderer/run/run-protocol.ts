import type { ImageFit, Pipeline, PipelineIssue, RgbaImage } from '@convstudio/core';
import type { GradientRequest, GradientResult } from '../gradients/gradient-protocol.js';
import type { LayerValuesMessage } from './layer-values.js';

/** Which backend computes the feature maps. */
export type BackendChoice = 'cpu' | 'webgpu';

/** How image pixels become input values: 0..1 (what MNIST models expect) or 0..255 (the document's digits). */
export type InputScale = '0-1' | '0-255';

/** A request to run a pipeline forward on the worker's current image. */
export interface RunRequest {
  type: 'run';
  runId: number;
  pipeline: Pipeline;
  scale: InputScale;
  /** How an image of another aspect ratio fills the input (default: stretch). */
  fit?: ImageFit;
  backend: BackendChoice;
  /** Gradient mode: also back-propagate this target (see the Gradients view). */
  gradient?: GradientRequest;
  /** A typed-in matrix that replaces the image as the pipeline's input. */
  matrix?: MatrixInput;
  /** The values written into the pipeline's layers, taken out as transferred Float32Arrays. */
  values?: LayerValuesMessage[];
}

/** A matrix typed or pasted as the input: `[channels, height, width]` and its values, row-major. */
export interface MatrixInput {
  shape: [number, number, number];
  values: number[];
}

/**
 * Messages the studio sends its pipeline worker. `shown`: a run's partial outputs are on screen,
 * so the worker may take the CPU again for the rest (see PARTIAL_PAUSE_MS).
 */
export type ToWorker = { type: 'image'; image: RgbaImage } | RunRequest | { type: 'shown'; runId: number };

/** One node's output, moved (not copied) across the worker boundary. */
export interface NodeOutput {
  id: string;
  shape: number[];
  data: Float32Array;
}

/** What a run computes: every node's output, and the weights small enough to show in the kernel editor. */
export interface RunResult {
  outputs: NodeOutput[];
  weights: NodeOutput[];
  /**
   * The biases of the nodes in `weights` that have one. They come from the run's model, not the
   * pipeline: a project's layer values travel apart from its nodes, so a node carries no bias.
   */
  biases: NodeOutput[];
  /** Gradient mode only: every gradient of the requested target. */
  gradients?: GradientResult;
}

/** A failed run: the message to show, and where the pipeline is at fault when it is. */
export interface RunFailure {
  message: string;
  issues: PipelineIssue[];
  /** Set when WebGPU could not start (no adapter, lost device): the studio goes back to the CPU. */
  gpuUnavailable?: boolean;
}

/** Messages the pipeline worker sends back. */
export type FromWorker =
  /** A big net opened cold: the outputs of its leading layers, before the rest is built and run. */
  | { type: 'partial'; runId: number; outputs: NodeOutput[] }
  | { type: 'result'; runId: number; backend: BackendChoice; adapter?: string; elapsedMs: number; outputs: NodeOutput[]; weights: NodeOutput[]; biases: NodeOutput[]; gradients?: GradientResult }
  | { type: 'error'; runId: number; failure: RunFailure };
