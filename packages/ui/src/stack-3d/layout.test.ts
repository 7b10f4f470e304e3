import { describe, expect, it } from 'vitest';
import { layoutStacks, pixelAt, stackCaption, unitAt } from './layout.js';

const layers = [
  { id: 'input', label: 'input', shape: [1, 1, 28, 28] },
  { id: 'conv1', label: 'conv1', shape: [1, 8, 26, 26] },
  { id: 'pool1', label: 'pool1', shape: [1, 8, 13, 13] },
  { id: 'fc', label: 'fc', shape: [1, 10] },
];

describe('stackCaption', () => {
  it('joins the per-sample shape with ×', () => {
    expect(stackCaption('conv1', [1, 8, 26, 26])).toBe('conv1 8×26×26');
    expect(stackCaption('fc', [4, 10])).toBe('fc 10');
  });
});

describe('layoutStacks', () => {
  const { stacks, center, radius } = layoutStacks(layers, { worldSize: 28, channelSpacing: 0.5, stackGap: 2 });

  it('sizes planes by their pixels, the largest map worldSize wide', () => {
    expect(stacks.map((s) => [s.width, s.height])).toEqual([[28, 28], [26, 26], [13, 13], [28, 2.8]]);
    expect(stacks.map((s) => s.kind)).toEqual(['maps', 'maps', 'maps', 'strip']);
    expect(stacks[1].caption).toBe('conv1 8×26×26');
    expect(stacks[1].shape).toEqual([8, 26, 26]);
  });

  it('puts stacks one after another along +z, channels spaced inside each', () => {
    expect(stacks.map((s) => [s.depthStart, s.depthEnd])).toEqual([[0, 0], [2, 5.5], [7.5, 11], [13, 13]]);
    expect(center).toEqual([0, 0, -6.5]);
    expect(radius).toBeCloseTo(Math.hypot(6.5, Math.hypot(28, 28) / 2));
  });

  it('packs one atlas per node, one cell per channel; a strip is one cell of wrapped features', () => {
    expect(stacks[1].atlas).toMatchObject({ count: 8, cellWidth: 26, cellHeight: 26 });
    expect(stacks[3].atlas).toMatchObject({ count: 1, cellWidth: 10, cellHeight: 1 });
    const wide = layoutStacks([{ id: 'flat', label: 'flat', shape: [1, 9216] }]).stacks[0];
    expect(wide.atlas).toMatchObject({ cellWidth: 256, cellHeight: 36 });
    expect(wide.height).toBeCloseTo((4 * 36) / 256);
  });

  it('packs many channels tighter so no stack is deeper than maxStackDepth', () => {
    const [deep] = layoutStacks([{ id: 'c', label: 'c', shape: [1, 385, 13, 13] }], { maxStackDepth: 4 }).stacks;
    expect(deep.depthEnd - deep.depthStart).toBeCloseTo(4);
    expect(deep.spacing).toBeCloseTo(4 / 384);
  });

  it('refuses shapes that are neither [N,C,H,W] nor [N,F]', () => {
    expect(() => layoutStacks([{ id: 'x', label: 'x', shape: [1, 2, 3] }])).toThrow(/layer "x" must have shape \[N,C,H,W\] or \[N,F\], got \[1,2,3\]/);
    expect(() => layoutStacks([{ id: 'x', label: 'x', shape: [1, 0] }])).toThrow(/got \[1,0\]/);
  });

  it('refuses two layers with the same id', () => {
    expect(() => layoutStacks([layers[0], layers[0]])).toThrow(/layer id "input" appears twice/);
  });

  it('lays out nothing for no layers', () => {
    expect(layoutStacks([])).toEqual({ stacks: [], center: [0, 0, 0], radius: 0 });
  });
});

describe('pixelAt', () => {
  const { stacks } = layoutStacks(layers);
  it('turns a uv (v up) into a map pixel (y down), clamped at the far edges', () => {
    expect(pixelAt(stacks[1], 0, 1)).toEqual({ y: 0, x: 0 });
    expect(pixelAt(stacks[1], 0.5, 0.5)).toEqual({ y: 13, x: 13 });
    expect(pixelAt(stacks[1], 1, 0)).toEqual({ y: 25, x: 25 });
    expect(pixelAt(stacks[3], 0.35, 0.5)).toEqual({ y: 0, x: 3 });
  });
});

describe('unitAt', () => {
  const { stacks } = layoutStacks([...layers, { id: 'flat', label: 'flat', shape: [1, 300] }]);
  it('selects channel and pixel on maps', () => {
    expect(unitAt(stacks[1], 5, { x: 0.99, y: 0.99 })).toEqual({ nodeId: 'conv1', channel: 5, y: 0, x: 25 });
  });
  it('selects the feature under a strip cell, nothing past the last one', () => {
    expect(unitAt(stacks[3], 0, { x: 0.95, y: 0.5 })).toEqual({ nodeId: 'fc', channel: 9, y: 0, x: 0 });
    // 300 features in rows of 256: the second row holds 44.
    expect(unitAt(stacks[4], 0, { x: 0.1, y: 0.2 })).toEqual({ nodeId: 'flat', channel: 256 + 25, y: 0, x: 0 });
    expect(unitAt(stacks[4], 0, { x: 0.5, y: 0.2 })).toBeNull();
  });
});
