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
