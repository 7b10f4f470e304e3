import { describe, expect, it } from 'vitest';
import { edgeId, fromFlow, positionsOf, slotOfHandle, slottedEdges, toFlow, withPositions } from './graph-conversion.js';
import { skipPipeline, smallChain } from './test-pipelines.fixture.js';

describe('toFlow', () => {
  it('makes one typed node per pipeline node with only serializable data, positions from the view state', () => {
    const pipeline = smallChain();
    const { nodes, edges } = toFlow(pipeline, { conv1: { x: 10, y: 20 } }, { nodes: new Set(['relu1']), edges: new Set() });
    expect(nodes.map((n) => [n.id, n.type])).toEqual([['input', 'input'], ['conv1', 'conv2d'], ['relu1', 'relu'], ['pool1', 'maxPool2d']]);
    expect(nodes[1]).toMatchObject({ position: { x: 10, y: 20 }, data: { params: { outChannels: 4, kernelSize: 3 } }, selected: false, deletable: true });
    expect(nodes[0]).toMatchObject({ position: { x: 0, y: 0 }, deletable: false });
    expect(nodes[2].selected).toBe(true);
    expect(JSON.parse(JSON.stringify(nodes.map((n) => n.data)))).toEqual(nodes.map((n) => n.data));
    expect(edges[0]).toMatchObject({ id: 'input->conv1:0', source: 'input', target: 'conv1', sourceHandle: 'out', targetHandle: 'in-0' });
  });

  it("gives add's inputs one slot each, in the core's port order", () => {
    const pipeline = skipPipeline();
    // Document order against port order: the slots must follow the ports.
    pipeline.edges = [...pipeline.edges].reverse();
    const into = toFlow(pipeline, {}).edges.filter((e) => e.target === 'add1');
    expect(into.map((e) => [e.source, e.targetHandle])).toEqual([['conv2', 'in-1'], ['relu1', 'in-0']]);
    // Without a selection nothing is selected.
    expect(into.map((e) => e.selected)).toEqual([false, false]);
    expect(slottedEdges(pipeline).find((s) => s.edge.source === 'conv2')?.id).toBe(edgeId('conv2', 'add1', 1));
    expect(slotOfHandle('in-3')).toBe(3);
    expect(slotOfHandle('out')).toBeUndefined();
    // Ten or more inputs, and handles that only contain a slot's form.
    expect(slotOfHandle('in-12')).toBe(12);
    expect([slotOfHandle('xin-1'), slotOfHandle('in-1x'), slotOfHandle(null)]).toEqual([undefined, undefined, undefined]);
    const selected = toFlow(pipeline, {}, { nodes: new Set(), edges: new Set([edgeId('conv2', 'add1', 1)]) }).edges;
    expect(selected.filter((e) => e.selected).map((e) => e.id)).toEqual(['conv2->add1:1']);
  });
});

describe('slottedEdges', () => {
  it('puts ported inputs first by port, then unported ones in document order', () => {
    const base = skipPipeline();
    // add1's inputs in document order: unported conv1, port 1 relu1, unported input, port 0 conv2.
    const pipeline = {
      ...base,
      edges: [
        ...base.edges.filter((e) => e.target !== 'add1'),
        { source: 'conv1', target: 'add1' },
        { source: 'relu1', target: 'add1', port: 1 },
        { source: 'input', target: 'add1' },
        { source: 'conv2', target: 'add1', port: 0 },
      ],
    };
    const into = slottedEdges(pipeline).filter((s) => s.edge.target === 'add1');
    expect(into.map((s) => [s.edge.source, s.slot])).toEqual([['conv1', 2], ['relu1', 1], ['input', 3], ['conv2', 0]]);
  });
});

describe('fromFlow', () => {
  it('gives an edge into add a port only from a slot handle, and one into an unknown node none', () => {
    const base = skipPipeline();
    const { nodes, edges } = toFlow(base, {});
    const loose = edges.map((e) => (e.target === 'add1' && e.source === 'conv2' ? { ...e, targetHandle: null } : e));
    const next = fromFlow(base, nodes, [...loose, { id: 'x', source: 'conv1', target: 'gone', targetHandle: 'in-0' }]);
    expect(next.edges.find((e) => e.source === 'conv2' && e.target === 'add1')).toStrictEqual({ source: 'conv2', target: 'add1' });
    expect(next.edges.at(-1)).toStrictEqual({ source: 'conv1', target: 'gone' });
  });


  it('round-trips a pipeline, keeping what the canvas does not carry', () => {
    const base = smallChain();
    (base.nodes[1] as { weight?: unknown }).weight = { init: 'zeros' };
    const { nodes, edges } = toFlow(base, {});
    expect(fromFlow(base, nodes, edges)).toEqual(base);
    const skip = skipPipeline();
    const flow = toFlow(skip, {});
    expect(fromFlow(skip, flow.nodes, flow.edges)).toEqual(skip);
  });

  it("carries a node's label and frozen flag both ways, and adds neither where a node has none", () => {
    const base = smallChain();
    Object.assign(base.nodes[1], { label: 'Edges', frozen: true });
    const { nodes, edges } = toFlow(base, {});
    expect(nodes[1].data).toEqual({ params: base.nodes[1].params, label: 'Edges', frozen: true });
    expect(Object.keys(nodes[2].data)).toEqual(['params']);
    expect(fromFlow(base, nodes, edges)).toEqual(base);
    // Unfrozen and unlabelled on the canvas: the document loses both.
    const cleared = nodes.map((n) => (n.id === 'conv1' ? { ...n, data: { params: n.data.params } } : n));
    const next = fromFlow(base, cleared as typeof nodes, edges);
    expect(next.nodes[1]).not.toHaveProperty('label');
    expect(next.nodes[1]).not.toHaveProperty('frozen');
    expect(next.nodes[2]).toEqual(base.nodes[2]);
  });

  it('reads edited params and removed edges back', () => {
    const base = smallChain();
    const { nodes, edges } = toFlow(base, {});
    const edited = nodes.map((n) => (n.id === 'conv1' ? { ...n, data: { params: { outChannels: 8, kernelSize: 5 } } } : n));
    const next = fromFlow(base, edited as typeof nodes, edges.slice(1));
    expect(next.nodes[1].params).toEqual({ outChannels: 8, kernelSize: 5 });
    expect(next.edges).toEqual([{ source: 'conv1', target: 'relu1' }, { source: 'relu1', target: 'pool1' }]);
  });
});

describe('positions', () => {
  it('falls back to stored positions and writes the view state into the document', () => {
    const base = smallChain();
    base.nodes[0].position = { x: 5, y: 6 };
    expect(positionsOf(base, { conv1: { x: 1, y: 2 } })).toEqual({ input: { x: 5, y: 6 }, conv1: { x: 1, y: 2 } });
    const saved = withPositions(base, { conv1: { x: 1.4, y: 2.6 } });
    expect(saved.nodes[1].position).toEqual({ x: 1, y: 3 });
    expect(saved.nodes[0].position).toEqual({ x: 5, y: 6 });
    expect(base.nodes[1].position).toBeUndefined();
  });
});
