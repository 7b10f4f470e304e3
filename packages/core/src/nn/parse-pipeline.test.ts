import { describe, expect, it } from 'vitest';
import { parsePipeline } from './parse-pipeline.js';
import { inferShapes } from './shape-inference.js';
import { chainPipeline } from './chain-pipeline.fixture.js';

const valid = () =>
  chainPipeline([1, 28, 28], [
    { kind: 'conv2d', params: { outChannels: 4, kernelSize: 3, padding: 'same' } },
    { kind: 'relu', params: {} },
    { kind: 'maxPool2d', params: { kernelSize: 2 } },
    { kind: 'flatten', params: {} },
    { kind: 'linear', params: { outFeatures: 10 } },
  ] as never);

const messages = (doc: unknown) => {
  const result = parsePipeline(doc);
  if (result.ok) return [];
  return result.issues.map((i) => i.message);
};

describe('parsePipeline', () => {
  it('accepts a valid chain and infers every shape', () => {
    const result = parsePipeline(valid());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const report = inferShapes(result.pipeline);
    expect(report.issues).toEqual([]);
    expect(report.nodes.map((n) => n.shapes.output)).toEqual([[1, 28, 28], [4, 28, 28], [4, 28, 28], [4, 14, 14], [784], [10]]);
    expect(report.byId.get('n1')?.shapes.weight).toEqual([4, 1, 3, 3]);
  });

  it('names the node, the field, what was expected and what came', () => {
    const doc = valid();
    (doc.nodes[1].params as Record<string, unknown>).stride = 0;
    expect(messages(doc)).toEqual(['node "n1" (conv2d): params.stride: Too small: expected number to be >0, got 0']);
  });

  it('refuses unknown kinds and unknown fields', () => {
    const doc = valid();
    (doc.nodes[2] as Record<string, unknown>).kind = 'conv3d';
    (doc.nodes[1].params as Record<string, unknown>).kernal = 3;
    const found = messages(doc);
    expect(found).toContain("node \"n1\" (conv2d): params: unknown field 'kernal'");
    expect(found.some((m) => m.startsWith('node "n2": kind: expected one of input, conv2d,') && m.endsWith("got 'conv3d'"))).toBe(true);
  });

  it('catches cycles and dangling edges before anything runs', () => {
    const cyclic = valid();
    cyclic.edges.push({ source: 'n3', target: 'n2' });
    cyclic.nodes.push({ id: 'sum', kind: 'add', params: {} } as never);
    cyclic.edges.push({ source: 'n5', target: 'sum' }, { source: 'n4', target: 'sum' });
    expect(messages(cyclic).join('\n')).toMatch(/node "n2" \(relu\): inputs: expected exactly 1 incoming edge, got 2/);

    const loop = chainPipeline([1, 4, 4], [{ kind: 'relu', params: {} }, { kind: 'add', params: {} }] as never);
    loop.edges.push({ source: 'n2', target: 'n1' }, { source: 'input', target: 'n2' });
    loop.edges = loop.edges.filter((e) => !(e.source === 'input' && e.target === 'n1'));
    expect(messages(loop)).toEqual(['edges: form a cycle through "n1", "n2"']);

    const dangling = valid();
    dangling.edges.push({ source: 'n5', target: 'ghost' });
    expect(messages(dangling)).toContain('edges[5].target: names no node: "ghost" (a dangling edge)');
  });

  it('reports shape conflicts on the node at fault', () => {
    const doc = chainPipeline([1, 4, 4], [
      { kind: 'conv2d', params: { outChannels: 2, kernelSize: 7 } },
      { kind: 'relu', params: {} },
    ] as never);
    const report = inferShapes(doc);
    expect(report.issues.map((i) => [i.nodeId, i.field])).toEqual([['n1', 'params.kernelSize']]);
    expect(report.issues[0].message).toContain('kernel 7x7 (dilated to 7x7) is larger than the padded input 4x4');

    const flat = chainPipeline([1, 8, 8], [{ kind: 'linear', params: { outFeatures: 3 } }] as never);
    expect(inferShapes(flat).issues[0].message).toBe('node "n1" (linear): inputs: expects flat features [F], got maps [1,8,8]; insert a flatten node before it');
  });

  it('refuses newer and unknown versions with a clear message', () => {
    expect(messages({ ...valid(), version: 2 })[0]).toMatch(/saved by a newer ConvStudio \(format version 2\); this version reads format 1/);
    expect(messages({ ...valid(), version: undefined })[0]).toMatch(/^version: expected format version 1, got undefined/);
    expect(messages({ ...valid(), format: 'onnx' })).toEqual(["format: expected 'convstudio-pipeline', got 'onnx'"]);
    expect(messages('hello')).toEqual(["(document): expected a pipeline object, got 'hello'"]);
  });
});
