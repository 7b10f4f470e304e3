import { createRandom } from '../random.js';
import { createModel } from '../nn/model.js';
import { type LayerKind } from '../nn/layers/index.js';
import { PIPELINE_VERSION, type Pipeline, type PipelineNode } from '../nn/pipeline-types.js';
import { namedTensorsOf } from '../project/named-tensors.js';
import type { NamedTensors } from '../project/weights-sidecar.js';

// Shared by the ONNX tests: one small pipeline per layer kind and params variant, with random
// tensors (a batch norm's running variance kept positive).

/** A pipeline around one node of `kind`: 3x8x8 input, and what the kind needs before it. */
export function kindPipeline(kind: LayerKind, params: Record<string, unknown>): Pipeline {
  const input = { id: 'input', kind: 'input', params: { channels: 3, height: 8, width: 8 } } as PipelineNode;
  const node = (id: string, k: string, p: Record<string, unknown>) => ({ id, kind: k, params: p }) as PipelineNode;
  const doc = (nodes: PipelineNode[], edges: Pipeline['edges']): Pipeline => ({ format: 'convstudio-pipeline', version: PIPELINE_VERSION, name: kind, seed: 5, nodes, edges });
  if (kind === 'linear') return doc([input, node('flat', 'flatten', {}), node('layer', kind, params)], [{ source: 'input', target: 'flat' }, { source: 'flat', target: 'layer' }]);
  if (kind === 'add' || kind === 'concat') {
    return doc(
      [input, node('a', 'conv2d', { outChannels: 4, kernelSize: 3, padding: 1 }), node('b', 'conv2d', { outChannels: 4, kernelSize: 1 }), node('c', 'conv2d', { outChannels: 4, kernelSize: 1, bias: false }), node('layer', kind, params)],
      [{ source: 'input', target: 'a' }, { source: 'input', target: 'b' }, { source: 'input', target: 'c' }, { source: 'a', target: 'layer', port: 0 }, { source: 'b', target: 'layer', port: 1 }, { source: 'c', target: 'layer', port: 2 }],
    );
  }
  return doc([input, node('layer', kind, params)], [{ source: 'input', target: 'layer' }]);
}

/** Params variants per kind: defaults and the attributes ONNX import and export must carry. */
export const kindCases: Record<LayerKind, Record<string, unknown>[]> = {
  conv2d: [{ outChannels: 4, kernelSize: 3, padding: 'same' }, { outChannels: 4, kernelSize: [3, 2], stride: 2, padding: [1, 0, 0, 1] }, { outChannels: 6, kernelSize: 3, groups: 3, dilation: 2, bias: false }],
  convTranspose2d: [{ outChannels: 4, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1 }, { outChannels: 6, kernelSize: 2, stride: 2, groups: 3, bias: false }],
  upConvolution: [{ outChannels: 4, kernelSize: 3 }, { outChannels: 2, kernelSize: [3, 5], factor: 3, padding: [0, 2] }],
  maxPool2d: [{ kernelSize: 3, stride: 2, padding: 1, ceilMode: true }, { kernelSize: 2, dilation: 2 }],
  avgPool2d: [{ kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }, { kernelSize: 3, stride: 2, padding: 1 }, { kernelSize: 2 }],
  globalAvgPool2d: [{}],
  relu: [{}],
  leakyRelu: [{}, { negativeSlope: 0.2 }],
  sigmoid: [{}],
  tanh: [{}],
  flatten: [{}],
  linear: [{ outFeatures: 5 }, { outFeatures: 5, bias: false }],
  softmax: [{}, { dim: 2 }],
  logSoftmax: [{ dim: -1 }],
  normalize: [{}, { scope: 'map', min: -1, max: 1 }, { scope: 'sample' }],
  batchNorm2d: [{}, { affine: false, eps: 1e-3 }],
  localResponseNorm: [{ size: 3, alpha: 0.5, beta: 0.75, k: 2 }, { size: 5 }],
  dropout: [{ p: 0.3 }],
  add: [{}],
  concat: [{}, { axis: 2 }],
};

/** Random tensors for a pipeline (normal, seeded; variances uniform in [0.5, 1.5]). */
export function randomTensors(pipeline: Pipeline, seed = 1): NamedTensors {
  const rng = createRandom(seed);
  const tensors = namedTensorsOf(createModel(pipeline));
  for (const [name, t] of tensors) {
    const data = new Float32Array(t.data.length);
    for (let i = 0; i < data.length; i++) data[i] = name.endsWith('.runningVar') ? 0.5 + rng.next() : 0.5 * rng.normal();
    tensors.set(name, { shape: t.shape, data });
  }
  return tensors;
}

/**
 * Largest |a - b| over the largest |b|: the error relative to the output's scale (an elementwise
 * relative error is meaningless where the output crosses zero).
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / Math.max(scale, 1e-30);
}
