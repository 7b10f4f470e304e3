import {
  Model, Tensor, computeConv2dInfo, cpuBackend, gradientSeed as seedOf, gradientTargetValue as targetValue, resolveGradientTarget, softmax, withBackend,
  type Activations, type Backend, type Conv2dGeometry, type PipelineGradients,
} from '@convstudio/core';
import type { NodeOutput } from '../run/run-protocol.js';
import { classifierHeadOf } from './classifier-head.js';
import type { CellArithmetic, GradientRequest, GradientResult, Prediction, ResolvedTarget, WeightCell } from './gradient-protocol.js';

function fail(field: string, message: string): never {
  throw new Error(`gradient: ${field} ${message}`);
}

/** Checks a target against the model and says in words what L is (core's rule, shared with the CLI). */
export const resolveTarget = resolveGradientTarget;

async function predictionOf(model: Model, activations: Activations): Promise<Prediction | undefined> {
  const head = classifierHeadOf(model.pipeline, model.shapes);
  const logitsTensor = head && activations.get(head.logitsId);
  if (!head || !logitsTensor) return undefined;
  const logits = (await logitsTensor.read()).slice();
  const probabilities = (await withBackend(cpuBackend, () => softmax(new Tensor(logits.slice(), [1, head.classes]))).read()).slice();
  return { logitsId: head.logitsId, logits, probabilities };
}

const argmax = (values: Float32Array): number => values.reduce((best, v, i) => (v > values[best] ? i : best), 0);

const copyOut = async (id: string, tensor: Tensor): Promise<NodeOutput> => ({ id, shape: [...tensor.shape], data: (await tensor.read()).slice() });

/**
 * Back-propagates L (see {@link GradientTarget}) through a forward pass on `backend`, reads every
 * gradient back, and, when asked, spells out one convolution weight's gradient term by term
 * with a finite-difference check. `x` is the input batch of one image.
 *
 * @example
 * const result = await computeGradients(model, activations, x, { target: { kind: 'class', index: 3 } }, cpuBackend, 65536);
 */
export async function computeGradients(model: Model, activations: Activations, x: Tensor, request: GradientRequest, backend: Backend, maxWeightValues: number): Promise<GradientResult> {
  const prediction = await predictionOf(model, activations);
  const target = resolveTarget(model, request.target, prediction ? argmax(prediction.logits) : undefined);
  const out = activations.get(target.nodeId);
  if (!out) fail('target.nodeId', `"${target.nodeId}" was not computed by the forward pass`);
  const grads = withBackend(backend, () => model.backward(activations, seedOf(target, out), target.nodeId));
  try {
    const nodes: NodeOutput[] = [];
    for (const [id, tensor] of grads.nodes) nodes.push(await copyOut(id, tensor));
    const weights: NodeOutput[] = [];
    for (const [id, { weight }] of grads.parameters) if (weight && weight.size <= maxWeightValues) weights.push(await copyOut(id, weight));
    const cell = request.cell ? await cellArithmetic(model, activations, grads, x, target, request.cell) : undefined;
    return { target, value: await targetValue(target, out), ...(prediction ? { prediction } : {}), nodes, input: await copyOut(model.inputId, grads.input), weights, ...(cell ? { cell } : {}) };
  } finally {
    // Device gradients go back to the pool; the seed may also be a node's gradient, so once each.
    const owned = new Set<Tensor>([...grads.nodes.values(), ...[...grads.parameters.values()].flatMap((p) => [p.weight, p.bias])].filter((t): t is Tensor => !!t));
    for (const tensor of owned) if (![...activations.values()].includes(tensor)) tensor.dispose();
  }
}

const pair = (v: number | [number, number] | undefined, fallback: number): [number, number] => (v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : v);

/**
 * One conv weight's gradient as the document writes it, dL/dF_mn = Σ_ij dL/dO_ij · X_(i+m)(j+n)
 * (with stride, dilation, padding and groups), beside core's value and a central difference.
 */
async function cellArithmetic(model: Model, activations: Activations, grads: PipelineGradients, x: Tensor, target: ResolvedTarget, cell: WeightCell): Promise<CellArithmetic> {
  const inferred = model.shapes.byId.get(cell.nodeId);
  if (!inferred || inferred.node.kind !== 'conv2d') fail('cell.nodeId', `must name a conv2d node, got "${cell.nodeId}"${inferred ? ` (${inferred.node.kind})` : ''}`);
  const weight = model.parameters.get(cell.nodeId)?.weight;
  const dW = grads.parameters.get(cell.nodeId)?.weight;
  const dO = grads.nodes.get(cell.nodeId);
  const inputId = inferred.inputIds[0];
  const input = activations.get(inputId);
  if (!weight || !dW || !dO || !input) fail('cell.nodeId', `"${cell.nodeId}" is not on L's path (L is read at ${target.nodeId})`);
  if (!Number.isInteger(cell.index) || cell.index < 0 || cell.index >= weight.size) fail('cell.index', `must be in 0..${weight.size - 1}, got ${cell.index}`);
  const params = inferred.node.params as Conv2dGeometry & { dilation?: number | [number, number] };
  const info = computeConv2dInfo('conv2d', input.shape, weight.shape, params);
  const [cout, cinPerGroup, kh, kw] = weight.shape;
  const outChannel = Math.floor(cell.index / (cinPerGroup * kh * kw));
  const inChannel = Math.floor(cell.index / (kh * kw)) % cinPerGroup;
  const m = Math.floor(cell.index / kw) % kh;
  const n = cell.index % kw;
  const inputChannel = Math.floor(outChannel / (cout / info.groups)) * cinPerGroup + inChannel;
  const [xValues, dOValues] = [await input.read(), await dO.read()];
  const { outHeight: oh, outWidth: ow, inHeight: ih, inWidth: iw } = info;
  const dOutput = new Float32Array(oh * ow);
  const xs = new Float32Array(oh * ow);
  const inside = new Uint8Array(oh * ow);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const r = i * info.strideHeight + m * info.dilationHeight - info.pad.top;
      const c = j * info.strideWidth + n * info.dilationWidth - info.pad.left;
      const k = i * ow + j;
      dOutput[k] = dOValues[(outChannel * oh + i) * ow + j];
      if (r >= 0 && r < ih && c >= 0 && c < iw) {
        inside[k] = 1;
        xs[k] = xValues[(inputChannel * ih + r) * iw + c];
      }
    }
  }
  const core = (await dW.read())[cell.index];
  const { estimate, step } = await finiteDifference(model, x, target, cell, await weight.read());
  return {
    nodeId: cell.nodeId, index: cell.index, outChannel, inChannel, inputChannel, m, n, inputId,
    inputShape: [ih, iw], outputShape: [oh, ow], stride: [info.strideHeight, info.strideWidth], dilation: pair(params.dilation, 1), padding: [info.pad.top, info.pad.left],
    dOutput, x: xs, inside, core, finiteDifference: estimate, step,
  };
}

/** (L(w+h) − L(w−h)) / 2h with two CPU forward passes on a copy of the weights. */
async function finiteDifference(model: Model, x: Tensor, target: ResolvedTarget, cell: WeightCell, weightValues: Float32Array): Promise<{ estimate: number; step: number }> {
  const base = weightValues[cell.index];
  const step = 1e-3 * Math.max(1, Math.abs(base));
  const cpuX = new Tensor((await x.read()).slice(), [...x.shape]);
  const at = async (delta: number): Promise<{ value: number; taken: number }> => {
    const values = weightValues.slice();
    values[cell.index] = Math.fround(base + delta);
    const parameters = new Map(model.parameters);
    const own = parameters.get(cell.nodeId) ?? {};
    parameters.set(cell.nodeId, { ...own, weight: new Tensor(values, [...(own.weight?.shape ?? [])]) });
    const copy = new Model(model.pipeline, model.shapes, parameters);
    const activations = withBackend(cpuBackend, () => copy.forward(cpuX));
    // The step actually taken in float32, so the quotient divides by what changed.
    return { value: await targetValue(target, activations.get(target.nodeId) as Tensor), taken: values[cell.index] - base };
  };
  const plus = await at(step);
  const minus = await at(-step);
  return { estimate: (plus.value - minus.value) / (plus.taken - minus.taken), step };
}
