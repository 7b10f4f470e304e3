import { inferShapes, type Pipeline } from '@convstudio/core';
import { outputNodeOf } from '../gradients/classifier-head.js';

/** What a pipeline keeps of the image's layout, worked out from its shapes. */
export interface SpatialSummary {
  outputId: string;
  outputShape: number[];
  /** The first flatten (or linear) node and the C×H×W it collapses, when the layout is lost. */
  flattenedAt?: { nodeId: string; shape: number[] };
  /** True when the output still has height and width. */
  spatial: boolean;
  caption: string;
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Says in the document's terms what spatial information survives a pipeline: a CNN's dense
 * layers flatten the maps into one vector (where things were is gone); an FCN keeps height and
 * width to the end (one prediction per location).
 *
 * @example
 * spatialSummary(cnnVsFcn().fcn).caption; // 'head gives 11×28×28: ...'
 */
export function spatialSummary(pipeline: Pipeline): SpatialSummary {
  const report = inferShapes(pipeline);
  const outputId = outputNodeOf(pipeline, report) ?? '';
  const outputShape = report.byId.get(outputId)?.shapes.output ?? [];
  const flat = report.nodes.find((n) => n.node.kind === 'flatten' || n.node.kind === 'linear');
  const flattenedAt = flat ? { nodeId: flat.node.id, shape: report.byId.get(flat.inputIds[0])?.shapes.output ?? [] } : undefined;
  const spatial = outputShape.length === 3;
  const shapeText = outputShape.join('×');
  const caption = spatial
    ? `${outputId} gives ${shapeText}: ${outputShape[0]} scores at each of the ${outputShape[1]}×${outputShape[2]} = ${outputShape[1] * outputShape[2]} locations, so the layout survives and every pixel gets its own prediction (dense prediction, segmentation).`
    : `${outputId} gives ${shapeText} values for the whole image${flattenedAt ? `: ${flattenedAt.nodeId} turns the ${flattenedAt.shape.join('×')} maps into ${product(flattenedAt.shape)} features, so where things were is gone` : ''} (classification).`;
  return { outputId, outputShape, ...(flattenedAt ? { flattenedAt } : {}), spatial, caption };
}

/**
 * The class of each pixel of a `[C, H, W]` score map (argmax over C), row-major.
 *
 * @example
 * argmaxMap(Float32Array.of(0, 1, 1, 0), 2, 1, 2); // Int32Array [1, 0]
 */
export function argmaxMap(scores: Float32Array, classes: number, h: number, w: number): Int32Array {
  const size = h * w;
  const out = new Int32Array(size);
  for (let p = 0; p < size; p++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (scores[c * size + p] > scores[best * size + p]) best = c;
    out[p] = best;
  }
  return out;
}
