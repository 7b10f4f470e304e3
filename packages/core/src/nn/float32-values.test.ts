import { describe, expect, it } from 'vitest';
import { ConvStudioError } from '../errors.js';
import { leakyRelu } from '../ops/activations.js';
import { normalize } from '../ops/normalize.js';
import { tensor } from '../tensor.js';
import { encodeBase64 } from './base64.js';
import { chainPipeline } from './chain-pipeline.fixture.js';
import { createModel } from './model.js';
import { parsePipeline } from './parse-pipeline.js';
import { loadWeights, saveWeights } from './weights-file.js';

const messages = (doc: unknown) => {
  const result = parsePipeline(doc);
  return result.ok ? [] : result.issues.map((i) => i.message);
};

const conv = (extra: object) => chainPipeline([1, 3, 3], [{ kind: 'conv2d', params: { outChannels: 1, kernelSize: 1 }, ...extra }] as never);

describe('values that overflow float32 are refused, naming the field', () => {
  it('in inline weight values and bias values', () => {
    expect(messages(conv({ weight: { values: [1e39] } }))).toEqual(['node "n1" (conv2d): weight.values[0]: must fit in float32 (magnitude at most 3.4028235e38), got 1e+39']);
    expect(messages(conv({ biasValues: [-1e39] }))).toEqual(['node "n1" (conv2d): biasValues[0]: must fit in float32 (magnitude at most 3.4028235e38), got -1e+39']);
    expect(messages(conv({ weight: { values: [3.4e38] }, biasValues: [-3.4e38] }))).toEqual([]);
  });

  it('names values that are not numbers, and lists at most the first five bad ones', () => {
    expect(messages(conv({ biasValues: ['1'] }))).toEqual(['node "n1" (conv2d): biasValues[0]: expected number, received string, got \'1\'']);
    expect(messages(conv({ biasValues: 'none' }))).toEqual([expect.stringMatching(/^node "n1" \(conv2d\): biasValues: (Invalid input: )?expected array/)]);
    const bad = messages(conv({ weight: { values: [0, ...Array.from({ length: 8 }, () => 1e39)] } }));
    expect(bad).toHaveLength(5);
    expect(bad[0]).toContain('weight.values[1]: must fit in float32');
    expect(bad[4]).toContain('weight.values[5]: must fit in float32');
  });

  it('in a weights file (Infinity or NaN as float32 bits)', () => {
    const model = createModel(conv({}));
    const file = saveWeights(model);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, Infinity, true);
    file.tensors['n1.weight'].data = encodeBase64(bytes);
    expect(() => loadWeights(file, model)).toThrow('node "n1": weights.weight: value 0 is Infinity; weights must be finite float32 numbers');
    new DataView(bytes.buffer).setFloat32(0, NaN, true);
    file.tensors['n1.weight'].data = encodeBase64(bytes);
    expect(() => loadWeights(file, model)).toThrow('value 0 is NaN');
  });

  it('in normalize ranges, where 1e38 left no room and training turned to NaN', () => {
    const doc = chainPipeline([1, 3, 3], [{ kind: 'normalize', params: { min: 1e38 } }] as never);
    expect(() => createModel(doc)).toThrow('node "n1" (normalize): params.min: must lie within +-1e30 so that the layers after it stay finite in float32, got 1e+38');
    expect(() => normalize(tensor([1, 2]), { max: -1e39 })).toThrow('normalize: max must lie within +-1e30');
    expect(normalize(tensor([1, 2]), { min: -1e30, max: 1e30 }).toArray()).toEqual([-1e30, 1e30].map(Math.fround));
  });

  it('in a leaky ReLU slope', () => {
    expect(messages(chainPipeline([1, 3, 3], [{ kind: 'leakyRelu', params: { negativeSlope: 1e39 } }] as never))).toEqual([
      'node "n1" (leakyRelu): params.negativeSlope: must fit in float32 (magnitude at most 3.4028235e38), got 1e+39',
    ]);
    expect(() => leakyRelu(tensor([1]), { negativeSlope: 1e39 })).toThrow(ConvStudioError);
  });
});
