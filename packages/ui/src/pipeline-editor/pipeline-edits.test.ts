import { parsePipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { addNode, compactPorts, connect, connectionProblem, freshId, removeAndReconnect, removeElements } from './pipeline-edits.js';
import { skipPipeline, smallChain } from './test-pipelines.fixture.js';

describe('addNode', () => {
  it('adds a valid node with a fresh id, after the chosen node and below it', () => {
    const base = smallChain();
    const { pipeline, positions, id } = addNode(base, { pool1: { x: 10, y: 300 } }, 'conv2d', { after: 'pool1' });
    expect(id).toBe('conv2');
    expect(pipeline.nodes.at(-1)).toEqual({ id: 'conv2', kind: 'conv2d', params: { outChannels: 8, kernelSize: 3, padding: 'same' } });
    expect(pipeline.edges.at(-1)).toEqual({ source: 'pool1', target: 'conv2' });
    expect(positions.conv2).toEqual({ x: 10, y: 420 });
    expect(parsePipeline(pipeline).ok).toBe(true);
    expect(base.nodes).toHaveLength(4);
    const loose = addNode(base, {}, 'linear', { at: { x: 1, y: 2 } });
    expect(loose.id).toBe('fc1');
    expect(loose.positions.fc1).toEqual({ x: 1, y: 2 });
    expect(loose.pipeline.edges).toEqual(base.edges);
    expect(freshId('relu', new Set(['relu1', 'relu2']))).toBe('relu3');
    expect(addNode(base, { pool1: { x: 10, y: 300 } }, 'relu', { after: 'pool1', direction: 'LR' }).positions.relu2).toEqual({ x: 260, y: 300 });
    const many = addNode(base, {}, 'concat', { after: 'pool1' });
    expect(many.pipeline.edges.at(-1)).toEqual({ source: 'pool1', target: 'concat1', port: 0 });
  });
});

describe('connect', () => {
  it("replaces a one-input layer's input", () => {
    const base = addNode(smallChain(), {}, 'relu').pipeline;
    const next = connect(base, { source: 'conv1', target: 'pool1', targetHandle: 'in-0' });
    expect(next.edges.filter((e) => e.target === 'pool1')).toEqual([{ source: 'conv1', target: 'pool1' }]);
  });

  it('puts a new input of add on the free slot, or replaces the one dropped on', () => {
    const base = skipPipeline();
    const appended = connect(base, { source: 'input', target: 'add1', targetHandle: 'in-2' });
    expect(appended.edges.filter((e) => e.target === 'add1')).toEqual([
      { source: 'relu1', target: 'add1', port: 0 },
      { source: 'conv2', target: 'add1', port: 1 },
      { source: 'input', target: 'add1', port: 2 },
    ]);
    const replaced = connect(base, { source: 'conv1', target: 'add1', targetHandle: 'in-1' });
    expect(replaced.edges.filter((e) => e.target === 'add1')).toEqual([
      { source: 'relu1', target: 'add1', port: 0 },
      { source: 'conv1', target: 'add1', port: 1 },
    ]);
  });

  it('refuses edges into the input, loops and cycles, leaving the document as it was', () => {
    const base = smallChain();
    expect(connectionProblem(base, { source: 'conv1', target: 'input' })).toBe('the input node takes no inputs');
    expect(connectionProblem(base, { source: 'relu1', target: 'relu1' })).toBe('a node cannot feed itself');
    expect(connectionProblem(base, { source: 'pool1', target: 'conv1' })).toMatch(/cycle/);
    expect(connectionProblem(base, { source: 'conv1', target: 'pool1' })).toBeUndefined();
    expect(connect(base, { source: 'pool1', target: 'conv1' })).toBe(base);
  });
});

describe('removeElements', () => {
  it('removes nodes with their edges and edges by canvas id, never the input node', () => {
    const base = smallChain();
    const next = removeElements(base, ['relu1', 'input']);
    expect(next.nodes.map((n) => n.id)).toEqual(['input', 'conv1', 'pool1']);
    expect(next.edges).toEqual([{ source: 'input', target: 'conv1' }]);
    expect(removeElements(base, [], ['conv1->relu1:0']).edges).toHaveLength(2);
    expect(removeElements(base, ['input'])).toBe(base);
  });

  it("renumbers add's ports so no slot stays empty", () => {
    const withThird = connect(skipPipeline(), { source: 'input', target: 'add1', targetHandle: 'in-2' });
    const next = removeElements(withThird, ['conv2']);
    expect(next.edges.filter((e) => e.target === 'add1')).toEqual([
      { source: 'relu1', target: 'add1', port: 0 },
      { source: 'input', target: 'add1', port: 1 },
    ]);
    const plain = smallChain();
    expect(compactPorts(plain)).toBe(plain);
  });
});

describe('removeAndReconnect', () => {
  it('bridges the gap a deleted middle layer leaves, so the chain stays whole', () => {
    const { pipeline, reconnected } = removeAndReconnect(smallChain(), ['relu1']);
    expect(reconnected).toEqual([{ source: 'conv1', target: 'pool1' }]);
    expect(pipeline.nodes.map((n) => n.id)).toEqual(['input', 'conv1', 'pool1']);
    expect(pipeline.edges).toContainEqual({ source: 'conv1', target: 'pool1' });
    expect(parsePipeline(pipeline).ok).toBe(true);
  });

  it('bridges across a deleted run of layers to the nearest survivor above', () => {
    const { pipeline, reconnected } = removeAndReconnect(smallChain(), ['conv1', 'relu1']);
    expect(reconnected).toEqual([{ source: 'input', target: 'pool1' }]);
    expect(parsePipeline(pipeline).ok).toBe(true);
  });

  it('leaves the end of a chain and merge nodes without a bridge', () => {
    expect(removeAndReconnect(smallChain(), ['pool1']).reconnected).toEqual([]);
    // add1 merges two inputs: nothing above it is a single feeder to bridge from.
    const skip = removeAndReconnect(skipPipeline(), ['add1']);
    expect(skip.reconnected).toEqual([]);
    expect(skip.pipeline.nodes.some((n) => n.id === 'add1')).toBe(false);
  });

  it('gives a merge node its lost input back from above the deleted branch layer', () => {
    const { pipeline, reconnected } = removeAndReconnect(skipPipeline(), ['conv2']);
    expect(reconnected).toEqual([{ source: 'input', target: 'add1' }]);
    expect(pipeline.edges.filter((e) => e.target === 'add1').map((e) => e.source).sort()).toEqual(['input', 'relu1']);
  });
});
