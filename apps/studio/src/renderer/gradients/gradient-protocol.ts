import type { NodeOutput } from '../run/run-protocol.js';

/** What L is (see core's `GradientTarget`): a class score, a label's loss, or a node's sum. */
export type { GradientTarget, ResolvedTarget } from '@convstudio/core';
import type { GradientTarget, ResolvedTarget } from '@convstudio/core';

/** One weight cell of a convolution: `index` is the flat offset in its `[Cout, Cin/groups, kH, kW]` weight. */
export interface WeightCell {
  nodeId: string;
  index: number;
}

/** Asks a run to back-propagate too, and optionally to spell out one weight's gradient. */
export interface GradientRequest {
  target: GradientTarget;
  cell?: WeightCell;
}

/** A classifier's prediction: softmax probabilities of its class scores. */
export interface Prediction {
  logitsId: string;
  logits: Float32Array;
  probabilities: Float32Array;
}

/**
 * dL/dF_mn = Σ_ij dL/dO_ij · X_(i·s+m·d−p)(j·s+n·d−p) for one kernel cell, term by term: one
 * entry per output position (row-major over the output map), with X = 0 where the window
 * reaches into the padding (`inside` = 0 there).
 */
export interface CellArithmetic {
  nodeId: string;
  index: number;
  outChannel: number;
  inChannel: number;
  /** Channel of the conv's input the cell multiplies (differs from inChannel when groups > 1). */
  inputChannel: number;
  m: number;
  n: number;
  inputId: string;
  inputShape: [number, number];
  outputShape: [number, number];
  stride: [number, number];
  dilation: [number, number];
  padding: [number, number];
  dOutput: Float32Array;
  x: Float32Array;
  inside: Uint8Array;
  /** Core's dL/dW at this cell, from `Model.backward`. */
  core: number;
  /** Central difference (L(w+h) − L(w−h)) / 2h, forward passes on the CPU in the worker. */
  finiteDifference: number;
  step: number;
}

/** What a gradient run adds to a forward run's result. */
export interface GradientResult {
  target: ResolvedTarget;
  /** L itself. */
  value: number;
  prediction?: Prediction;
  /** dL/d(output) of every node L depends on, by node id. */
  nodes: NodeOutput[];
  /** dL/dX, the saliency map, with the input's shape. */
  input: NodeOutput;
  /** dL/dW of each learnable layer small enough to show. */
  weights: NodeOutput[];
  cell?: CellArithmetic;
}

/** Every buffer a gradient result moves to the page. */
export function gradientTransfers(result: GradientResult | undefined): ArrayBuffer[] {
  if (!result) return [];
  const buffers = [...result.nodes, result.input, ...result.weights].map((o) => o.data.buffer as ArrayBuffer);
  if (result.prediction) buffers.push(result.prediction.logits.buffer as ArrayBuffer, result.prediction.probabilities.buffer as ArrayBuffer);
  if (result.cell) buffers.push(result.cell.dOutput.buffer as ArrayBuffer, result.cell.x.buffer as ArrayBuffer, result.cell.inside.buffer as ArrayBuffer);
  // A buffer listed twice would make postMessage throw.
  return [...new Set(buffers)];
}
