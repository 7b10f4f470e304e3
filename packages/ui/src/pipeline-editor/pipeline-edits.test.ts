import { parsePipeline, type Pipeline } from '@convstudio/core';
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

describe('edits of merge nodes and edge cases', () => {
  it('places a node added with nothing selected past every placed node', () => {
    const placed = { input: { x: 40, y: 100 }, conv1: { x: 300, y: 220 } };
    expect(addNode(smallChain(), placed, 'relu').positions.relu2).toEqual({ x: 0, y: 340 });
    expect(addNode(smallChain(), placed, 'relu', { direction: 'LR' }).positions.relu2).toEqual({ x: 550, y: 0 });
  });

  it('refuses a connection from a node that is not in the pipeline', () => {
    const base = smallChain();
    expect(connectionProblem(base, { source: 'ghost', target: 'relu1' })).toBe('names a node that is not in the pipeline');
    expect(connectionProblem(base, { source: 'conv1', target: 'ghost' })).toBe('names a node that is not in the pipeline');
    expect(connect(base, { source: 'ghost', target: 'relu1' })).toBe(base);
  });

  it('appends a drop without a slot on the next port of add, touching no other merge node', () => {
    const base = skipPipeline();
    expect(connect(base, { source: 'input', target: 'add1' }).edges.at(-1)).toEqual({ source: 'input', target: 'add1', port: 2 });
    // A second merge node with its own port 0: replacing add1's slot 0 leaves it alone.
    const two = addNode(base, {}, 'concat', { after: 'relu1' }).pipeline;
    const next = connect(two, { source: 'conv1', target: 'add1', targetHandle: 'in-0' });
    expect(next.edges).toContainEqual({ source: 'relu1', target: 'concat1', port: 0 });
    expect(next.edges.filter((e) => e.target === 'add1')).toEqual([
      { source: 'conv2', target: 'add1', port: 1 },
      { source: 'conv1', target: 'add1', port: 0 },
    ]);
  });

  it('keeps a pipeline whose ports are already compact, and removing nothing keeps it too', () => {
    const base = skipPipeline();
    expect(compactPorts(base)).toBe(base);
    expect(removeElements(base, ['ghost'], ['no-such-edge'])).toBe(base);
    expect(removeAndReconnect(base, ['input'])).toEqual({ pipeline: base, reconnected: [] });
    expect(removeAndReconnect(base, ['input']).pipeline).toBe(base);
  });
});

describe('removeAndReconnect, branches', () => {
  it('never dissolves the input node, so a bridge can start from it', () => {
    const { pipeline, reconnected } = removeAndReconnect(smallChain(), ['input', 'conv1']);
    expect(reconnected).toEqual([{ source: 'input', target: 'relu1' }]);
    expect(pipeline.edges).toEqual([
      { source: 'relu1', target: 'pool1' },
      { source: 'input', target: 'relu1' },
    ]);
  });

  it('does not bridge through a deleted merge node to its consumer', () => {
    const withTail = addNode(skipPipeline(), {}, 'relu', { after: 'add1' }).pipeline;
    const { pipeline, reconnected } = removeAndReconnect(withTail, ['add1']);
    expect(reconnected).toEqual([]);
    expect(pipeline.edges.some((e) => e.target === 'relu2')).toBe(false);
  });

  it('does not restore an edge the user deleted beside the node', () => {
    const { pipeline, reconnected } = removeAndReconnect(smallChain(), ['relu1'], ['input->conv1:0']);
    expect(reconnected).toEqual([{ source: 'conv1', target: 'pool1' }]);
    expect(pipeline.edges).toEqual([{ source: 'conv1', target: 'pool1' }]);
  });

  it('bridges into a merge node on its free slot, keeping the inputs it has', () => {
    // concat1 takes input twice and relu2 (fed by conv2); deleting relu2 bridges conv2 on slot 2.
    const base: Pipeline = {
      ...smallChain(),
      nodes: [
        { id: 'input', kind: 'input', params: { channels: 1, height: 8, width: 8 } },
        { id: 'conv2', kind: 'conv2d', params: { outChannels: 1, kernelSize: 1 } },
        { id: 'relu2', kind: 'relu', params: {} },
        { id: 'concat1', kind: 'concat', params: {} },
      ] as Pipeline['nodes'],
      edges: [
        { source: 'input', target: 'conv2' },
        { source: 'conv2', target: 'relu2' },
        { source: 'input', target: 'concat1', port: 0 },
        { source: 'input', target: 'concat1', port: 1 },
        { source: 'relu2', target: 'concat1', port: 2 },
      ],
    };
    const { pipeline, reconnected } = removeAndReconnect(base, ['relu2']);
    expect(reconnected).toEqual([{ source: 'conv2', target: 'concat1' }]);
    expect(pipeline.edges.filter((e) => e.target === 'concat1')).toEqual([
      { source: 'input', target: 'concat1', port: 0 },
      { source: 'input', target: 'concat1', port: 1 },
      { source: 'conv2', target: 'concat1', port: 2 },
    ]);
  });

  it('bridges each consumer once, and skips one the survivor already feeds', () => {
    // relu1 feeds add1 twice (slots 0 and 2): the first lost input is bridged from conv1, the second is not doubled.
    const base = connect(skipPipeline(), { source: 'relu1', target: 'add1', targetHandle: 'in-2' });
    const { pipeline, reconnected } = removeAndReconnect(base, ['relu1']);
    expect(reconnected).toEqual([{ source: 'conv1', target: 'add1' }]);
    expect(pipeline.edges.filter((e) => e.target === 'add1')).toEqual([
      { source: 'conv2', target: 'add1', port: 0 },
      { source: 'conv1', target: 'add1', port: 1 },
    ]);
  });

  it('stops on a cyclic document instead of looping', () => {
    // relu1 and pool1 feed each other; the walk up from pool1 must give up, not go round forever.
    const base = smallChain();
    const looped: Pipeline = { ...base, edges: [{ source: 'relu1', target: 'pool1' }, { source: 'pool1', target: 'relu1' }, { source: 'pool1', target: 'conv1' }] };
    expect(removeAndReconnect(looped, ['relu1', 'pool1']).reconnected).toEqual([]);
  });
});

describe('a document with an edge to a node it lacks (fromFlow keeps such an edge)', () => {
  it('leaves that edge alone when renumbering ports or bridging, instead of throwing', () => {
    const base = skipPipeline();
    const dangling: Pipeline = { ...base, edges: [...base.edges, { source: 'relu1', target: 'gone' }] };
    expect(compactPorts(dangling)).toBe(dangling);
    const { pipeline, reconnected } = removeAndReconnect(dangling, ['relu1']);
    expect(reconnected).toEqual([{ source: 'conv1', target: 'add1' }]);
    expect(pipeline.edges).toContainEqual({ source: 'conv2', target: 'add1', port: 0 });
  });
});
