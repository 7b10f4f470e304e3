import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../nn/pipeline-types.js';
import { putNodeValues, takeNodeValues } from './node-values.js';
import type { NamedTensors } from './weights-sidecar.js';

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
