import { describe, expect, it } from 'vitest';
import { pipelineHash } from '../nn/compile-pipeline.js';
import { createModel } from '../nn/model.js';
import { parsePipeline } from '../nn/parse-pipeline.js';
import type { Pipeline } from '../nn/pipeline-types.js';
import { randn } from '../tensor.js';
import { batchNormNet } from '../testing/batch-norm-net.js';
import { putNodeValues, takeNodeValues } from './node-values.js';
import type { NamedTensors } from './weights-sidecar.js';

const bnNet = (): Pipeline => batchNormNet({ size: 6, channels: 3 });

// A trained batch norm: its weights, biases and running statistics as named tensors (as the sidecar and ONNX import give them).
function trainedTensors(): NamedTensors {
  const model = createModel(bnNet());
  const tensors: NamedTensors = new Map();
  for (const [id, { weight, bias }] of model.parameters) {
    if (weight) tensors.set(`${id}.weight`, { shape: [...weight.shape], data: weight.data.map((v) => v * 1.5) });
    if (bias) tensors.set(`${id}.bias`, { shape: [...bias.shape], data: bias.data.map((_, i) => 0.1 * i) });
  }
  tensors.set('bn.runningMean', { shape: [3], data: Float32Array.of(0.5, -1.25, 2) });
  tensors.set('bn.runningVar', { shape: [3], data: Float32Array.of(4, 0.25, 9) });
  return tensors;
}

describe('node values with buffers', () => {
  it('puts running statistics into the node, and takes them back out bit for bit', () => {
    const tensors = trainedTensors();
    const put = putNodeValues(bnNet(), tensors);
    const bn = put.nodes.find((n) => n.id === 'bn')!;
    expect(bn.bufferValues).toEqual({ runningMean: [0.5, -1.25, 2], runningVar: [4, 0.25, 9] });
    // Values are not structure: the hash stays the plain pipeline's.
    expect(pipelineHash(put)).toBe(pipelineHash(bnNet()));
    const parsed = parsePipeline(JSON.parse(JSON.stringify(put)));
    expect(parsed.ok).toBe(true);
    const taken = takeNodeValues(put);
    expect(taken.pipeline.nodes.find((n) => n.id === 'bn')).not.toHaveProperty('bufferValues');
    expect([...taken.tensors.keys()].sort()).toEqual([...tensors.keys()].sort());
    for (const [name, t] of tensors) expect(taken.tensors.get(name)).toEqual(t);
  });

  it('a model of the pipeline evaluates with the node\'s running statistics, not mean 0 and variance 1', () => {
    const put = putNodeValues(bnNet(), trainedTensors());
    const model = createModel(put);
    expect(Array.from(model.buffers().get('bn')!.runningMean.data)).toEqual([0.5, -1.25, 2]);
    const x = randn([1, 1, 6, 6], { seed: 2 });
    const out = model.forward(x, { mode: 'eval' }).get('bn')!.data;
    const conv = model.forward(x, { mode: 'eval' }).get('conv')!.data;
    const { weight: gamma, bias: beta } = model.parameters.get('bn')!;
    const mean = [0.5, -1.25, 2];
    const variance = [4, 0.25, 9];
    for (let i = 0; i < out.length; i++) {
      const c = Math.floor(i / 16);
      const expected = ((conv[i] - mean[c]) / Math.sqrt(variance[c] + 1e-5)) * gamma!.data[c] + beta!.data[c];
      expect(out[i]).toBeCloseTo(expected, 4);
    }
    const plain = createModel(putNodeValues(bnNet(), new Map([...trainedTensors()].filter(([name]) => !name.startsWith('bn.running')))));
    expect(Array.from(plain.forward(x, { mode: 'eval' }).get('bn')!.data)).not.toEqual(Array.from(out));
  });

  it('refuses running statistics of the wrong length or name, naming the node and field', () => {
    const withValues = (bufferValues: Record<string, number[]>): Pipeline => ({ ...bnNet(), nodes: bnNet().nodes.map((n) => (n.id === 'bn' ? { ...n, bufferValues } : n)) as Pipeline['nodes'] });
    expect(() => createModel(withValues({ runningMean: [1, 2] }))).toThrow(/node "bn" \(batchNorm2d\): bufferValues\.runningMean: needs 3 values for shape \[3\], got 2/);
    expect(() => createModel(withValues({ runningMeen: [1, 2, 3] }))).toThrow(/bufferValues\.runningMeen: expected one of "runningMean", "runningVar", got "runningMeen"/);
    const bad = parsePipeline(JSON.parse(JSON.stringify(withValues({ runningVar: [1, 'x' as unknown as number, 3] }))));
    expect(bad.ok).toBe(false);
  });

  it('keeps a node whose buffers do not fit in the pipeline (it moves whole or not at all)', () => {
    const put = putNodeValues(bnNet(), trainedTensors());
    const broken = { ...put, nodes: put.nodes.map((n) => (n.id === 'bn' ? { ...n, bufferValues: { runningMean: [1] } } : n)) as Pipeline['nodes'] };
    const taken = takeNodeValues(broken);
    expect(taken.pipeline.nodes.find((n) => n.id === 'bn')!.bufferValues).toEqual({ runningMean: [1] });
    expect(taken.tensors.has('bn.weight')).toBe(false);
    expect(taken.tensors.has('conv.weight')).toBe(true);
  });
});

// One 3×3 convolution of a 1×4×4 input into 2 channels: weight [2, 1, 3, 3] (18 values), bias [2].
function pipeline(conv: Record<string, unknown> = {}): Pipeline {
  return {
    nodes: [
      { id: 'input', kind: 'input', params: { channels: 1, height: 4, width: 4 } },
      { id: 'conv1', kind: 'conv2d', params: { outChannels: 2, kernelSize: 3 }, ...conv },
      { id: 'relu1', kind: 'relu', params: {} },
    ],
    edges: [{ source: 'input', target: 'conv1' }, { source: 'conv1', target: 'relu1' }],
  } as unknown as Pipeline;
}
const values = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i / 4);
const conv1 = (p: Pipeline) => p.nodes.find((n) => n.id === 'conv1') as Record<string, unknown>;

describe('takeNodeValues', () => {
  it('hands back the very pipeline when no layer holds values', () => {
    const plain = pipeline();
    const taken = takeNodeValues(plain);
    expect(taken.pipeline).toBe(plain);
    expect(taken.tensors.size).toBe(0);
  });

  it('moves a weight alone, or a weight and its bias, out into named tensors', () => {
    const weightOnly = takeNodeValues(pipeline({ weight: { values: values(18) } }));
    expect([...weightOnly.tensors]).toEqual([['conv1.weight', { shape: [2, 1, 3, 3], data: Float32Array.from(values(18)) }]]);
    expect(conv1(weightOnly.pipeline)).not.toHaveProperty('weight');
    const both = takeNodeValues(pipeline({ weight: { values: values(18) }, biasValues: [1, 2] }));
    expect([...both.tensors]).toEqual([['conv1.weight', { shape: [2, 1, 3, 3], data: Float32Array.from(values(18)) }], ['conv1.bias', { shape: [2], data: Float32Array.from([1, 2]) }]]);
    expect(conv1(both.pipeline)).not.toHaveProperty('biasValues');
  });

  it('leaves values that do not fit the layer where they are', () => {
    for (const conv of [{ weight: { values: values(17) } }, { weight: { values: values(18) }, biasValues: [1, 2, 3] }, { biasValues: [1, 2] }]) {
      const source = pipeline(conv);
      const taken = takeNodeValues(source);
      expect(taken.tensors.size, JSON.stringify(conv).slice(0, 40)).toBe(0);
      expect(conv1(taken.pipeline)).toEqual(conv1(source));
    }
  });

  it('leaves a layer whose shapes are unknown (a pipeline being edited) as it is', () => {
    const broken = pipeline({ weight: { values: values(18) } });
    broken.edges = [];
    const taken = takeNodeValues(broken);
    expect(taken.tensors.size).toBe(0);
    expect(conv1(taken.pipeline)).toEqual(conv1(broken));
  });
});

describe('putNodeValues', () => {
  const tensors = (entries: [string, number[]][]): NamedTensors => new Map(entries.map(([name, v]) => [name, { shape: [v.length], data: Float32Array.from(v) }]));

  it('writes weights and biases into their layers, and nothing into the input or layers without tensors', () => {
    const put = putNodeValues(pipeline(), tensors([['conv1.weight', values(18)], ['conv1.bias', [1, 2]], ['input.weight', [9]], ['ghost.weight', [9]]]));
    expect(conv1(put)).toMatchObject({ weight: { values: values(18) }, biasValues: [1, 2] });
    expect(put.nodes[0]).toEqual(pipeline().nodes[0]);
    expect(put.nodes[2]).toEqual(pipeline().nodes[2]);
    expect(put.nodes.map((n) => n.id)).toEqual(['input', 'conv1', 'relu1']);
  });

  it('writes a bias alone, or a weight alone', () => {
    expect(conv1(putNodeValues(pipeline(), tensors([['conv1.bias', [1, 2]]])))).toEqual({ ...conv1(pipeline()), biasValues: [1, 2] });
    expect(conv1(putNodeValues(pipeline(), tensors([['conv1.weight', [3]]])))).toEqual({ ...conv1(pipeline()), weight: { values: [3] } });
  });

  it('round-trips with takeNodeValues', () => {
    const source = pipeline({ weight: { values: values(18, 0.5) }, biasValues: [-1, 1] });
    const taken = takeNodeValues(source);
    expect(putNodeValues(taken.pipeline, taken.tensors)).toEqual(source);
  });
});
