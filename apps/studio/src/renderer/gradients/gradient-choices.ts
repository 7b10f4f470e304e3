import { inferShapes, type Pipeline } from '@convstudio/core';
import { classifierHeadOf, type ClassifierHead } from './classifier-head.js';
import type { GradientRequest } from './gradient-protocol.js';

/**
 * The request that fits the pipeline of the moment: a class or label target falls back to the
 * predicted class, or to the output's sum when the pipeline has no classifier head; a class out
 * of range or a weight cell of a node that is gone (or changed shape) is dropped. So an edit
 * never leaves gradient mode asking for something the pipeline cannot give.
 *
 * @example
 * settleRequest(workedExamplePipeline(), { target: { kind: 'class', index: 3 } }); // { target: { kind: 'sum' } }
 */
export function settleRequest(pipeline: Pipeline, request: GradientRequest): GradientRequest {
  const report = inferShapes(pipeline);
  const head = classifierHeadOf(pipeline, report);
  let target = request.target;
  if (target.kind !== 'sum' && !head) target = { kind: 'sum' };
  else if (target.kind !== 'sum' && head && target.index !== undefined && target.index >= head.classes) target = { kind: target.kind, index: head.classes - 1 };
  else if (target.kind === 'sum' && target.nodeId && !report.byId.has(target.nodeId)) target = { kind: 'sum' };
  const cellNode = request.cell ? report.byId.get(request.cell.nodeId) : undefined;
  const weightSize = cellNode?.shapes.weight?.reduce((a, b) => a * b, 1) ?? 0;
  const keepCell = request.cell && cellNode?.node.kind === 'conv2d' && request.cell.index < weightSize;
  return { target, ...(keepCell ? { cell: request.cell } : {}) };
}

/** The first request: the predicted class of a classifier, else the sum of the output. */
export function defaultRequest(pipeline: Pipeline): GradientRequest {
  return { target: classifierHeadOf(pipeline, inferShapes(pipeline)) ? { kind: 'class' } : { kind: 'sum' } };
}

/**
 * Names of a classifier's classes: digits for a 10-class network on 1×28×28 images (MNIST's
 * layout), "6" and "9" for a network trained on the document's 6-or-9 task, else "class k".
 *
 * @example
 * classNamesOf(mnistCnn(), { logitsId: 'fc2', classes: 10 }); // ['0', '1', ..., '9']
 */
export function classNamesOf(pipeline: Pipeline, head: ClassifierHead, trainedTask?: string): { names: string[]; source: string } {
  const input = pipeline.nodes.find((n) => n.kind === 'input')?.params as { channels?: number; height?: number; width?: number } | undefined;
  const mnistShaped = input?.channels === 1 && input.height === 28 && input.width === 28;
  if (trainedTask === 'MNIST 6 vs 9' && head.classes === 2) return { names: ['6', '9'], source: 'MNIST 6 vs 9' };
  if (head.classes === 10 && (mnistShaped || trainedTask === 'MNIST digits')) return { names: Array.from({ length: 10 }, (_, k) => String(k)), source: 'MNIST digits' };
  return { names: Array.from({ length: head.classes }, (_, k) => `class ${k}`), source: 'no dataset known: classes by index' };
}
