import {
  gradientSeed, gradientTargetValue, parseGradientTarget, resolveGradientTarget, softmax, Tensor,
  type Activations, type GradientTarget, type Model, type ResolvedTarget,
} from '@convstudio/core';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import type { Io } from '../io.js';
import { peakOf } from '../render/diverging.js';
import { featureGrid } from '../render/feature-grid.js';

/** Gradients up to this many values are listed in summary.json. */
const LISTED_VALUES = 100;
/** Weight gradients above this many values are summarised but not drawn (AlexNet's fc6 has 37.7 M). */
const MAX_DRAWN_WEIGHTS = 4_000_000;

/** One gradient map as summary.json lists it. */
export interface GradientEntry {
  id: string;
  shape: number[];
  min: number;
  max: number;
  /** The largest |value|: the picture's scale runs from −peak (blue) through 0 (white) to +peak (red). */
  peak: number;
  file: string | null;
  values?: number[];
}

/** What `--grad` adds to summary.json. */
export interface GradientSummary {
  target: ResolvedTarget;
  /** L itself. */
  value: number;
  /** Softmax of the logits, for class and label targets. */
  probabilities?: number[];
  /** dL/dX, the saliency map: the input node's entry. */
  input: string;
  /** dL/d(output) of every node L depends on, in pipeline order. */
  nodes: GradientEntry[];
  /** dL/dW of every learnable layer on L's path (`[Cout, Cin, kH, kW]` drawn as Cout·Cin kernels). */
  weights: GradientEntry[];
}

/** Reads `--grad`'s value, with the command's usage on a mistake. */
export function gradientTargetOption(text: string | undefined): GradientTarget | undefined {
  if (text === undefined) return undefined;
  try {
    return parseGradientTarget(text);
  } catch (error) {
    throw new UsageError(`--grad ${error instanceof Error ? error.message.replace(/^gradient: target /, '') : String(error)}`, 'run');
  }
}

function entryOf(id: string, tensor: Tensor, file: string | null): GradientEntry {
  const data = tensor.data;
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { id, shape: [...tensor.shape], min, max, peak: peakOf(data), file, ...(tensor.size <= LISTED_VALUES ? { values: Array.from(data) } : {}) };
}

/** A weight gradient as maps: conv kernels one tile each, a dense layer's matrix as one map. */
function weightMaps(dW: Tensor): Tensor {
  if (dW.rank === 4) return dW.reshape([1, dW.shape[0] * dW.shape[1], dW.shape[2], dW.shape[3]]);
  if (dW.rank === 2) return dW.reshape([1, 1, dW.shape[0], dW.shape[1]]);
  return dW.reshape([1, dW.size]);
}

/**
 * Back-propagates L from a forward pass and writes the gradient pictures beside the feature
 * maps: `grad-<i>-<node>.png` (dL/d(output) of node i; the input node's is the saliency dL/dX)
 * and `grad-w-<i>-<node>.png` (dL/dW), each on a diverging scale symmetric around 0.
 */
export async function writeGradients(io: Io, outDir: string, model: Model, activations: Activations, target: GradientTarget, pictureName: (index: number, id: string) => string): Promise<GradientSummary> {
  // A class target without an index means the predicted class: read it from the logits.
  const probe = target.kind === 'class' && target.index === undefined ? resolveGradientTarget(model, { kind: 'class', index: 0 }) : undefined;
  const top = probe ? argmax(activations.get(probe.nodeId)?.data ?? new Float32Array()) : undefined;
  const resolved = resolveGradientTarget(model, target, top);
  const out = activations.get(resolved.nodeId) as Tensor;
  const grads = model.backward(activations, gradientSeed(resolved, out), resolved.nodeId);
  const nodes: GradientEntry[] = [];
  const weights: GradientEntry[] = [];
  for (const [index, { node }] of model.shapes.nodes.entries()) {
    const g = grads.nodes.get(node.id);
    if (g) {
      const file = `grad-${pictureName(index, node.id)}`;
      await writeFileAtomic(io.cwd, join(outDir, file), featureGrid(g, 64, 'diverging').canvas.toPng());
      nodes.push(entryOf(node.id, g.reshape(g.shape.slice(1)), file));
    }
    const dW = grads.parameters.get(node.id)?.weight;
    if (dW) {
      const drawn = dW.size <= MAX_DRAWN_WEIGHTS;
      const file = drawn ? `grad-w-${pictureName(index, node.id)}` : null;
      if (file) await writeFileAtomic(io.cwd, join(outDir, file), featureGrid(weightMaps(dW), 16, 'diverging').canvas.toPng());
      weights.push(entryOf(node.id, dW, file));
    }
  }
  const summary: GradientSummary = { target: resolved, value: await gradientTargetValue(resolved, out), input: model.inputId, nodes, weights };
  if (resolved.kind !== 'sum') summary.probabilities = Array.from(softmax(new Tensor(out.data.slice(), [...out.shape])).data);
  return summary;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
