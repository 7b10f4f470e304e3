import { fail } from '../errors.js';
import { crossEntropy, crossEntropyBackward } from '../ops/cross-entropy.js';
import { full, Tensor } from '../tensor.js';
import type { Model } from './model.js';
import type { Pipeline } from './pipeline-types.js';
import type { ShapeReport } from './shape-inference.js';

/** Most classes a pipeline may score and still count as a classifier. */
export const MAX_CLASSES = 1000;

/** A classifier's last scores: the node holding the logits and how many classes they score. */
export interface ClassifierHead {
  logitsId: string;
  /** The softmax node after the logits, when the pipeline ends in one. */
  softmaxId?: string;
  classes: number;
}

/**
 * The pipeline's output node, as {@link Model} picks it: the last node in execution order that
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
 * scores per image (a layer's output, optionally followed by softmax), else undefined: pipelines
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

/**
 * What L is, the scalar whose gradients are shown:
 * - `class`: the score (logit) of class `index`, before any softmax: "what raises this class?";
 *   without an index, of the class the network predicts (its top score);
 * - `label`: the cross-entropy loss for true label `index`, as training minimises it;
 * - `sum`: the sum of every value of node `nodeId`'s output (default: the pipeline's output),
 *   for pipelines without a classifier head.
 */
export type GradientTarget = { kind: 'class'; index?: number } | { kind: 'label'; index: number } | { kind: 'sum'; nodeId?: string };

/** A target checked against a model: the node L is read at and a sentence saying what L is. */
export interface ResolvedTarget {
  kind: GradientTarget['kind'];
  index?: number;
  /** The node L is read from (the logits for class and label targets). */
  nodeId: string;
  description: string;
}

/**
 * Checks a target against the model and says in words what L is. `topClass` is the predicted
 * class, used when a class target names no index.
 *
 * @example
 * resolveGradientTarget(model, { kind: 'label', index: 3 }).description; // 'L = the cross-entropy loss of fc2 for the true label 3'
 */
export function resolveGradientTarget(model: Model, target: GradientTarget, topClass?: number): ResolvedTarget {
  if (target.kind === 'sum') {
    const nodeId = target.nodeId ?? model.outputId;
    if (!model.shapes.byId.has(nodeId)) fail('gradient', 'target.nodeId', `must name a node of the pipeline, got "${nodeId}"`);
    const shape = model.shapes.byId.get(nodeId)?.shapes.output ?? [];
    return { kind: 'sum', nodeId, description: `L = the sum of all ${shape.reduce((a, b) => a * b, 1)} values of ${nodeId}'s output (${shape.join('×')})` };
  }
  const head = classifierHeadOf(model.pipeline, model.shapes);
  if (!head) fail('gradient', 'target.kind', `"${target.kind}" needs a classifier (a pipeline ending in one vector of class scores); use "sum" here`);
  const top = target.kind === 'class' && target.index === undefined;
  const index = top ? (topClass ?? 0) : target.index;
  if (index === undefined || !Number.isInteger(index) || index < 0 || index >= head.classes) {
    fail('gradient', 'target.index', `must be a class in 0..${head.classes - 1}, got ${index}`);
  }
  const description = target.kind === 'class'
    ? `L = the score of class ${index}${top ? ', the predicted one' : ''} (${head.logitsId}[${index}], before softmax)`
    : `L = the cross-entropy loss of ${head.logitsId} for the true label ${index}`;
  return { kind: target.kind, index, nodeId: head.logitsId, description };
}

/**
 * dL/dY at the target node for a batch of one image: ones for a sum, a one-hot for a class
 * score, softmax − one-hot for a label's loss.
 *
 * @example
 * model.backward(activations, gradientSeed(target, activations.get(target.nodeId)), target.nodeId);
 */
export function gradientSeed(target: ResolvedTarget, out: Tensor): Tensor {
  if (target.kind === 'sum') return full([...out.shape], 1);
  if (target.kind === 'label') return crossEntropyBackward(out, [target.index ?? 0]);
  const oneHot = new Float32Array(out.size);
  oneHot[target.index ?? 0] = 1;
  return new Tensor(oneHot, [...out.shape]);
}

/** L from the target node's output (read back from a device when it lives on one). */
export async function gradientTargetValue(target: ResolvedTarget, out: Tensor): Promise<number> {
  const values = await out.read();
  if (target.kind === 'class') return values[target.index ?? 0];
  if (target.kind === 'label') {
    const loss = crossEntropy(new Tensor(values.slice(), [...out.shape]), [target.index ?? 0]);
    return (await loss.read())[0];
  }
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}

/**
 * Reads a target as typed on a command line: `class=3`, `class` (the predicted class),
 * `label=3`, `sum` (the pipeline's output) or `sum=<node>`.
 *
 * @example
 * parseGradientTarget('label=3'); // { kind: 'label', index: 3 }
 */
export function parseGradientTarget(text: string): GradientTarget {
  const match = /^(class|label|sum)(?:=(.*))?$/.exec(text.trim());
  const expected = 'class=<index>, class, label=<index>, sum or sum=<node>';
  if (!match) fail('gradient', 'target', `must be one of ${expected}, got "${text}"`);
  const [, kind, value] = match;
  if (kind === 'sum') return value === undefined || value === '' ? { kind: 'sum' } : { kind: 'sum', nodeId: value };
  if (value === undefined && kind === 'class') return { kind: 'class' };
  if (value === undefined || !/^\d+$/.test(value)) fail('gradient', 'target', `${kind} needs a class index (a whole number from 0), as in ${kind}=3, got "${text}"`);
  return { kind, index: Number(value) } as GradientTarget;
}
