import { describe, expect, it } from 'vitest';
import { ensurePositions, layoutKey, layoutPipeline, NODE_HEIGHT, NODE_WIDTH } from './layout.js';
import { skipPipeline, smallChain } from './test-pipelines.fixture.js';

describe('layoutPipeline', () => {
  it('puts each node below its inputs top to bottom, and to the right left to right', () => {
    const tb = layoutPipeline(smallChain());
    expect(tb.conv1.y).toBeGreaterThanOrEqual(tb.input.y + NODE_HEIGHT);
    expect(tb.pool1.y).toBeGreaterThan(tb.relu1.y);
    expect(tb.conv1.x).toBeCloseTo(tb.input.x);
    const lr = layoutPipeline(smallChain(), { direction: 'LR' });
    expect(lr.conv1.x).toBeGreaterThanOrEqual(lr.input.x + NODE_WIDTH);
    expect(lr.conv1.y).toBeCloseTo(lr.input.y);
  });

  it('keeps branches side by side without overlap', () => {
    const at = layoutPipeline(skipPipeline());
    expect(at.add1.y).toBeGreaterThan(Math.max(at.relu1.y, at.conv2.y));
    const ids = Object.keys(at);
    for (const a of ids) {
      for (const b of ids) {
        if (a >= b) continue;
        const apart = Math.abs(at[a].x - at[b].x) >= NODE_WIDTH || Math.abs(at[a].y - at[b].y) >= NODE_HEIGHT;
        expect(apart, `${a} / ${b}`).toBe(true);
      }
    }
  });

  it('lays out only when a node has no position', () => {
    const known = { input: { x: 1, y: 1 }, conv1: { x: 2, y: 2 }, relu1: { x: 3, y: 3 }, pool1: { x: 4, y: 4 } };
    expect(ensurePositions(smallChain(), known)).toBe(known);
    const one = ensurePositions(smallChain(), { input: { x: 1, y: 1 }, conv1: { x: 2, y: 2 }, relu1: { x: 3, y: 3 } });
    expect(one.input).toEqual({ x: 1, y: 1 });
    expect(one.pool1).toEqual(layoutPipeline(smallChain()).pool1);
    // Mostly unplaced: a new document; leftovers of the last one are laid out afresh.
    const fresh = ensurePositions(smallChain(), { input: { x: 1, y: 1 } });
    expect(fresh).toEqual(layoutPipeline(smallChain()));
    const stored = smallChain();
    stored.nodes[0].position = { x: 7, y: 7 };
    expect(ensurePositions(stored, {}).input).toEqual({ x: 7, y: 7 });
  });
});

describe('layoutKey', () => {
  it('stays the same for edits the layout does not read (weights, params) and changes for ids, positions and edges', () => {
    const base = smallChain();
    const key = layoutKey(base);
    const weighted = { ...base, nodes: base.nodes.map((n) => (n.id === 'conv1' ? { ...n, weight: { values: Array(36).fill(0.5) }, params: { ...n.params, outChannels: 4 } } : n)) };
    expect(layoutKey(weighted as typeof base)).toBe(key);
    const renamed = { ...base, nodes: base.nodes.map((n) => (n.id === 'pool1' ? { ...n, id: 'pool9' } : n)) };
    expect(layoutKey(renamed)).not.toBe(key);
    const moved = { ...base, nodes: base.nodes.map((n) => (n.id === 'input' ? { ...n, position: { x: 3, y: 4 } } : n)) };
    expect(layoutKey(moved)).not.toBe(key);
    const rewired = { ...base, edges: base.edges.filter((e) => e.target !== 'pool1') };
    expect(layoutKey(rewired)).not.toBe(key);
  });
});
