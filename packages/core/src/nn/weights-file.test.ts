import { describe, expect, it } from 'vitest';
import { chainPipeline } from './chain-pipeline.fixture.js';
import { createModel } from './model.js';
import { loadWeights, saveWeights } from './weights-file.js';

const model = () => createModel(chainPipeline([1, 3, 3], [{ kind: 'conv2d', params: { outChannels: 1, kernelSize: 1 } }] as never));

describe('weights files keyed by node id', () => {
  it('never reads a tensor through a "__proto__" key', () => {
    const m = model();
    const file = saveWeights(m);
    const stolen = file.tensors['n1.weight'];
    // As JSON.parse reads it: "__proto__" is an own key holding the tensors another file had.
    const text = JSON.stringify({ ...file, tensors: { 'n1.bias': file.tensors['n1.bias'] } }).replace('"tensors":{', `"tensors":{"__proto__":${JSON.stringify({ 'n1.weight': stolen })},`);
    expect(() => loadWeights(JSON.parse(text), m)).toThrow('node "n1": weights.weight: is missing from the weights file');
  });

  it('saves and loads a node called __proto__ or constructor', () => {
    const doc = chainPipeline([1, 3, 3], [{ kind: 'conv2d', params: { outChannels: 1, kernelSize: 1 } }, { kind: 'conv2d', params: { outChannels: 1, kernelSize: 1 } }] as never);
    doc.nodes[1].id = '__proto__';
    doc.nodes[2].id = 'constructor';
    doc.edges = [{ source: 'input', target: '__proto__' }, { source: '__proto__', target: 'constructor' }];
    const m = createModel(doc);
    const loaded = loadWeights(JSON.parse(JSON.stringify(saveWeights(m))), m);
    expect([...loaded.keys()]).toEqual(['__proto__', 'constructor']);
    expect(loaded.get('__proto__')?.weight?.data).toEqual(m.parameters.get('__proto__')?.weight?.data);
  });
});

describe('loading a weights file refuses what does not fit, naming the node and the field', () => {
  const two = () => createModel(chainPipeline([1, 2, 2], [{ kind: 'conv2d', params: { outChannels: 2, kernelSize: 1 } }] as never));
  /** A saved file of `m` with one tensor's stored fields changed. */
  const withTensor = (m: ReturnType<typeof two>, key: string, change: object) => {
    const file = JSON.parse(JSON.stringify(saveWeights(m)));
    file.tensors[key] = { ...file.tensors[key], ...change };
    return file;
  };

  it('names the field of a file that is not a weights file, or (document)', () => {
    const m = two();
    expect(() => loadWeights({ ...saveWeights(m), format: 'other' }, m)).toThrow(/^weights\.format: /);
    expect(() => loadWeights({ ...saveWeights(m), tensors: { 'n1.weight': { shape: [2], dtype: 'float64', data: '' } } }, m)).toThrow(/^weights\.tensors\.n1\.weight\.dtype: /);
    expect(() => loadWeights([], m)).toThrow(/^weights\.\(document\): /);
  });

  it('refuses weights of another pipeline unless told to ignore the hash', () => {
    const m = two();
    const file = { ...saveWeights(m), pipelineHash: 'abc' };
    expect(() => loadWeights(file, m)).toThrow(`weights.pipelineHash: these weights were saved for another pipeline (hash abc, this pipeline has ${m.hash}); its layers or their parameters differ`);
    expect(loadWeights(file, m, { ignoreHash: true }).get('n1')?.weight?.data).toEqual(m.parameters.get('n1')?.weight?.data);
  });

  it('refuses a tensor of another shape, another length, bad base64 or a value that is not finite', () => {
    const m = two();
    expect(() => loadWeights(withTensor(m, 'n1.weight', { shape: [2, 1, 1, 2] }), m)).toThrow('node "n1": weights.weight: expected shape [2,1,1,1], the file has [2,1,1,2]');
    expect(() => loadWeights(withTensor(m, 'n1.bias', { data: 'AAAA' }), m)).toThrow('node "n1": weights.bias: expected 8 bytes of data for shape [2], the file has 3');
    // 12 characters with one '=' decode to 8 bytes by length, but '!' is no base64 digit.
    expect(() => loadWeights(withTensor(m, 'n1.bias', { data: '!!!!!!!!!!!=' }), m)).toThrow('node "n1": weights.bias: is not valid base64');
    // Two float32s, the second NaN (0x7fc00000, little-endian).
    const nan = Buffer.from(Uint8Array.of(0, 0, 128, 63, 0, 0, 192, 127)).toString('base64');
    expect(() => loadWeights(withTensor(m, 'n1.bias', { data: nan }), m)).toThrow(
      'node "n1": weights.bias: value 1 is NaN; weights must be finite float32 numbers (the file is damaged or the training diverged)',
    );
    const first = Buffer.from(Uint8Array.of(0, 0, 128, 127, 0, 0, 128, 63)).toString('base64');
    expect(() => loadWeights(withTensor(m, 'n1.bias', { data: first }), m)).toThrow('node "n1": weights.bias: value 0 is Infinity;');
    expect(Array.from(loadWeights(withTensor(m, 'n1.bias', { data: Buffer.from(Uint8Array.of(0, 0, 128, 63, 0, 0, 0, 64)).toString('base64') }), m).get('n1')!.bias!.data)).toEqual([1, 2]);
  });

  it('lists every problem of a file at once', () => {
    const m = two();
    const file = withTensor(m, 'n1.weight', { shape: [1] });
    delete file.tensors['n1.bias'];
    expect(() => loadWeights(file, m)).toThrow('2 problems:\n- node "n1": weights.weight: expected shape [2,1,1,1], the file has [1]\n- node "n1": weights.bias: is missing from the weights file');
  });
});

describe('a layer without a bias', () => {
  it('is saved without a bias tensor and loads back without asking for one', () => {
    const m = createModel(chainPipeline([1, 2, 2], [{ kind: 'conv2d', params: { outChannels: 2, kernelSize: 1, bias: false } }] as never));
    const file = saveWeights(m);
    expect(Object.keys(file.tensors)).toEqual(['n1.weight']);
    const loaded = loadWeights(JSON.parse(JSON.stringify(file)), m).get('n1');
    expect(Object.keys(loaded ?? {})).toEqual(['weight']);
    expect(loaded?.weight?.data).toEqual(m.parameters.get('n1')?.weight?.data);
  });
});
