import { afterEach, describe, expect, it, vi } from 'vitest';
import { costTable } from '../analysis/cost.js';
import { receptiveFields } from '../analysis/receptive-field.js';
import { compilePipeline, pipelineHash } from './compile-pipeline.js';
import { layerRegistry } from './layers/index.js';
import { createModel } from './model.js';
import { leNet5 } from './templates/index.js';

afterEach(() => vi.restoreAllMocks());

// A seed no other test uses, so the structure is new to the cache when the test starts.
const fresh = (outChannels: number) => {
  const net = leNet5();
  return { ...net, nodes: net.nodes.map((n) => (n.id === 'conv1' && n.kind === 'conv2d' ? { ...n, params: { ...n.params, outChannels } } : n)) };
};

describe('compilePipeline', () => {
  it('infers a structure once: a second compile, the cost table, the fields and the model reuse it', () => {
    const infer = vi.spyOn(layerRegistry.conv2d, 'infer');
    const net = fresh(7);
    const first = compilePipeline(net);
    expect(first.ok).toBe(true);
    const calls = infer.mock.calls.length;
    expect(calls).toBe(net.nodes.filter((n) => n.kind === 'conv2d').length);
    const again = compilePipeline(structuredClone(net));
    expect(costTable(net).ok).toBe(true);
    expect(receptiveFields(net).ok).toBe(true);
    createModel({ ...net, name: 'renamed', seed: 99 });
    expect(infer.mock.calls.length).toBe(calls);
    expect(again.ok && again.report.byId.get('conv1')?.shapes.output).toEqual([7, 28, 28]);
    expect(again.ok && again.order[0]).toBe('input');
    expect(again.ok && again.specs.get('conv1')).toBe(layerRegistry.conv2d);
  });

  it('compiles a changed document again, and hands back its own nodes on a cache hit', () => {
    const infer = vi.spyOn(layerRegistry.conv2d, 'infer');
    compilePipeline(fresh(5));
    const calls = infer.mock.calls.length;
    const changed = compilePipeline(fresh(9));
    expect(infer.mock.calls.length).toBeGreaterThan(calls);
    expect(changed.ok && changed.report.byId.get('conv1')?.shapes.output).toEqual([9, 28, 28]);
    const labelled = fresh(9);
    labelled.nodes = labelled.nodes.map((n) => (n.id === 'conv1' ? { ...n, label: 'first conv' } : n));
    const hit = compilePipeline(labelled);
    expect(hit.ok && hit.report.byId.get('conv1')?.node.label).toBe('first conv');
    expect(pipelineHash(labelled)).toBe(pipelineHash(fresh(9)));
  });

  it('returns every issue of a bad document instead of a plan', () => {
    const net = fresh(4);
    const bad = compilePipeline({ ...net, nodes: net.nodes.map((n) => (n.id === 'conv1' ? { ...n, params: { kernelSize: 3 } } : n)) });
    expect(bad.ok).toBe(false);
    expect(bad.issues[0]).toMatchObject({ nodeId: 'conv1', field: 'params.outChannels' });
  });
});
