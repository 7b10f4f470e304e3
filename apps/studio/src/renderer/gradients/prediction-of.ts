import { Tensor, inferShapes, softmax, type Pipeline } from '@convstudio/core';
import { classifierHeadOf } from './classifier-head.js';
import type { Prediction } from './gradient-protocol.js';

/**
 * A classifier's prediction from a forward run's outputs: core's softmax of the logits (at most
 * 1000 values, cheap enough for the page), or undefined when the pipeline is no classifier or
 * the logits are not computed yet.
 *
 * @example
 * predictionOf(mnistCnn(), run.outputs)?.probabilities; // 10 values summing to 1
 */
export function predictionOf(pipeline: Pipeline, outputs: ReadonlyMap<string, Tensor>): Prediction | undefined {
  const head = classifierHeadOf(pipeline, inferShapes(pipeline));
  const logits = head && outputs.get(head.logitsId);
  if (!head || !logits || logits.size !== head.classes) return undefined;
  const values = logits.data.slice();
  return { logitsId: head.logitsId, logits: values, probabilities: softmax(new Tensor(values.slice(), [1, head.classes])).data.slice() };
}
