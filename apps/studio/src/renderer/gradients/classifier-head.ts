import type { Pipeline, ShapeReport } from '@convstudio/core';

/** Most classes a pipeline may score and still count as a classifier with prediction bars. */
export const MAX_CLASSES = 1000;

/** A classifier's last scores: the node holding the logits and how many classes they score. */
export interface ClassifierHead {
  logitsId: string;
  /** The softmax node after the logits, when the pipeline ends in one. */
  softmaxId?: string;
  classes: number;
}

/**
 * The pipeline's output node, as core's Model picks it: the last node in execution order that
 * feeds no other node.
 *
 * @example
 * outputNodeOf(mnistCnn(), inferShapes(mnistCnn())); // 'fc2'
 */
export function outputNodeOf(pipeline: Pipeline, report: ShapeReport): string | undefined {
  const fed = new Set(pipeline.edges.map((e) => e.source));
  const sinks = report.nodes.filter((n) => !fed.has(n.node.id));
  return sinks[sinks.length - 1]?.node.id;
}

/**
 * The classifier head of a pipeline whose output is one vector of 2 to {@link MAX_CLASSES}
 * scores per image (a linear layer, optionally followed by softmax), else undefined: pipelines
 * ending in maps (FCNs, the worked example) have no single prediction.
 *
 * @example
 * classifierHeadOf(mnistCnn(), inferShapes(mnistCnn())); // { logitsId: 'fc2', classes: 10 }
 */
export function classifierHeadOf(pipeline: Pipeline, report: ShapeReport): ClassifierHead | undefined {
  if (report.issues.length > 0) return undefined;
  const outputId = outputNodeOf(pipeline, report);
  const output = outputId ? report.byId.get(outputId) : undefined;
  if (!output) return undefined;
  const softmax = output.node.kind === 'softmax' ? output : undefined;
  const logits = softmax ? report.byId.get(softmax.inputIds[0]) : output;
  const shape = logits?.shapes.output ?? [];
  if (!logits || shape.length !== 1 || shape[0] < 2 || shape[0] > MAX_CLASSES) return undefined;
  return { logitsId: logits.node.id, ...(softmax ? { softmaxId: softmax.node.id } : {}), classes: shape[0] };
}
