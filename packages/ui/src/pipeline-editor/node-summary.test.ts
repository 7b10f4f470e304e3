import { costTable, leNet5 } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { addNode } from './pipeline-edits.js';
import { summarizePipeline } from './node-summary.js';
import { skipPipeline, smallChain } from './test-pipelines.fixture.js';

describe('summarizePipeline', () => {
  it("gives each node its shape, params and MACs, matching the core's cost table", () => {
    const pipeline = leNet5();
    const { nodes, issues } = summarizePipeline(pipeline);
    expect(issues).toEqual([]);
    const table = costTable(pipeline);
    if (!table.ok) throw new Error('lenet5 should be valid');
    for (const row of table.table.rows) {
      expect(nodes.get(row.id)).toEqual({ id: row.id, kind: row.kind, output: [1, ...row.output], params: row.params, macs: row.macs, issues: [] });
    }
    // conv1 of LeNet-5: 6 5x5 filters on 1x32x32: 156 params, 6*28*28*25 MACs.
    expect(nodes.get('conv1')).toMatchObject({ output: [1, 6, 28, 28], params: 156, macs: 117_600 });
  });

  it("follows the loaded image's shape and batch", () => {
    const { nodes } = summarizePipeline(smallChain(), [2, 1, 10, 10]);
    expect(nodes.get('input')?.output).toEqual([2, 1, 10, 10]);
    expect(nodes.get('pool1')?.output).toEqual([2, 4, 4, 4]);
  });

  it('keeps shapes for the rest while a new node is unconnected, and marks that node', () => {
    const loose = addNode(smallChain(), {}, 'linear').pipeline;
    const { nodes } = summarizePipeline(loose);
    expect(nodes.get('pool1')?.output).toEqual([1, 4, 3, 3]);
    const fc = nodes.get('fc1');
    expect(fc?.output).toBeUndefined();
    expect(fc?.issues.map((i) => i.message)).toEqual(['node "fc1" (linear): inputs: expected exactly 1 incoming edge, got 0']);
  });

  it("marks the node and field a shape error names, in the core's words, and skips what follows it", () => {
    const pipeline = smallChain();
    pipeline.nodes[1] = { id: 'conv1', kind: 'conv2d', params: { outChannels: 4, kernelSize: 9 } };
    const { nodes } = summarizePipeline(pipeline);
    const conv = nodes.get('conv1');
    expect(conv?.output).toBeUndefined();
    expect(conv?.issues).toHaveLength(1);
    expect(conv?.issues[0].field).toBe('params.kernelSize');
    expect(conv?.issues[0].message).toMatch(/^node "conv1" \(conv2d\): params\.kernelSize: /);
    expect(nodes.get('relu1')?.output).toBeUndefined();
    expect(nodes.get('input')?.output).toEqual([1, 1, 8, 8]);
  });

  it('reports schema errors per node, and a cycle as a pipeline issue', () => {
    const bad = smallChain();
    (bad.nodes[3].params as { kernelSize: unknown }).kernelSize = 0;
    const summary = summarizePipeline(bad);
    expect(summary.nodes.get('pool1')?.issues[0]).toMatchObject({ field: 'params.kernelSize', detail: 'Too small: expected number to be >0, got 0' });
    expect(summary.nodes.get('relu1')?.output).toEqual([1, 4, 6, 6]);
    const cyclic = skipPipeline();
    cyclic.edges.push({ source: 'add1', target: 'conv2' });
    const cyc = summarizePipeline(cyclic);
    expect(cyc.nodes.get('conv2')?.issues.map((i) => i.field)).toEqual(['inputs']);
    expect(cyc.nodes.get('input')?.output).toEqual([1, 1, 8, 8]);
  });
});
