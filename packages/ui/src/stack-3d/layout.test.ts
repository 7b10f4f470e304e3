import { describe, expect, it } from 'vitest';
import { channelStepFor, layoutStacks, pixelAt, planeSides, stackCaption, stackCorners, unitAt } from './layout.js';

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
  // Linear sizes (minSideRatio 0.1) and no gap growth, so the numbers are easy to check.
  const { stacks, bounds, center, radius } = layoutStacks(layers, { worldSize: 28, minSideRatio: 0.1, channelSpacing: 0.5, maxStackDepth: 10, stackGap: 2, stackGapScale: 0 });

  it('sizes planes by their pixels, the largest map worldSize wide', () => {
    // fc's 10 features wrap into a near-square grid of 4 x 3 cells.
    expect(stacks.map((s) => [s.width, s.height])).toEqual([[28, 28], [26, 26], [13, 13], [4, 3]]);
    expect(stacks.map((s) => s.kind)).toEqual(['maps', 'maps', 'maps', 'strip']);
    expect(stacks[1].caption).toBe('conv1 8×26×26');
    expect(stacks[1].shape).toEqual([8, 26, 26]);
  });

  it('puts stacks one after another along +z, channels spaced inside each', () => {
    expect(stacks.map((s) => [s.depthStart, s.depthEnd])).toEqual([[0, 0], [2, 5.5], [7.5, 11], [13, 13]]);
    expect(bounds).toEqual({ min: [-14, -14, -13], max: [14, 14, 0] });
    expect(center).toEqual([0, 0, -6.5]);
    expect(radius).toBeCloseTo(Math.hypot(14, 14, 6.5));
  });

  it('widens the gap after a stack with its neighbours, so big planes seen at an angle leave room', () => {
    const wide = layoutStacks(layers, { worldSize: 28, minSideRatio: 0.1, channelSpacing: 0.5, maxStackDepth: 10, stackGap: 2, stackGapScale: 0.5 }).stacks;
    // input -> conv1: 2 + 0.5 * max(28, 26); conv1 -> pool1: 2 + 0.5 * 26.
    expect(wide[1].depthStart).toBe(16);
    expect(wide[2].depthStart - wide[1].depthEnd).toBe(15);
  });

  it('packs one atlas per node, one cell per drawn channel; a strip is one cell of wrapped features', () => {
    expect(stacks[1].atlas).toMatchObject({ count: 8, cellWidth: 26, cellHeight: 26 });
    expect(stacks[3].atlas).toMatchObject({ count: 1, cellWidth: 4, cellHeight: 3 });
    const wide = layoutStacks([{ id: 'flat', label: 'flat', shape: [1, 9216] }]).stacks[0];
    expect(wide.atlas).toMatchObject({ cellWidth: 96, cellHeight: 96 });
    const capped = layoutStacks([{ id: 'flat', label: 'flat', shape: [1, 9216] }], { stripColumns: 64 }).stacks[0];
    expect(capped.atlas).toMatchObject({ cellWidth: 64, cellHeight: 144 });
  });

  it('draws at most maxPlanes channels of a wide layer, every k-th, and says so', () => {
    const [wide] = layoutStacks([{ id: 'conv5', label: 'conv5', shape: [1, 256, 13, 13] }]).stacks;
    expect(wide.channelStep).toBe(16);
    expect(wide.atlas.count).toBe(16);
    expect(wide.note).toBe('showing 16 of 256 channels');
    // 385 channels: every 25th, 16 planes (0, 25, ..., 375).
    const [odd] = layoutStacks([{ id: 'c', label: 'c', shape: [1, 385, 13, 13] }]).stacks;
    expect([odd.channelStep, odd.atlas.count]).toEqual([25, 16]);
    expect(stacks[1].note).toBe('');
  });

  it('packs many planes tighter so no stack is deeper than maxStackDepth', () => {
    const [deep] = layoutStacks([{ id: 'c', label: 'c', shape: [1, 385, 13, 13] }], { maxStackDepth: 4, maxPlanes: 1000 }).stacks;
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
    expect(layoutStacks([])).toEqual({ stacks: [], bounds: { min: [0, 0, 0], max: [0, 0, 0] }, center: [0, 0, 0], radius: 0 });
  });
});

describe('planeSides', () => {
  it('keeps sizes proportional while the smallest map is at least minSideRatio of the largest', () => {
    expect(planeSides([28, 24, 8], 4, 0.25)).toEqual([4, (4 * 24) / 28, (4 * 8) / 28]);
  });
  it('compresses a wide range by a power law: the smallest lands on minSideRatio, order kept', () => {
    const sides = planeSides([224, 55, 27, 13, 6], 4, 0.35);
    expect(sides[0]).toBe(4);
    expect(sides[4]).toBeCloseTo(1.4);
    for (let i = 1; i < sides.length; i++) expect(sides[i]).toBeLessThan(sides[i - 1]);
    // A 13x13 map is 6% of a 224x224 one's side in pixels; here it is 41%.
    expect(sides[3] / sides[0]).toBeGreaterThan(0.4);
  });
});

describe('channelStepFor', () => {
  it('draws every channel up to maxPlanes, then every k-th', () => {
    expect([3, 16, 17, 64, 384].map((c) => channelStepFor(c, 16))).toEqual([1, 1, 2, 4, 24]);
  });
});

describe('stackCorners', () => {
  it("gives 8 corners a stack spanning its planes' width, height and depth", () => {
    const corners = stackCorners([stacks1()[1]]);
    const xs = [...corners].filter((_, i) => i % 3 === 0);
    const zs = [...corners].filter((_, i) => i % 3 === 2);
    expect(corners.length).toBe(24);
    expect([Math.min(...xs), Math.max(...xs)]).toEqual([-13, 13]);
    expect([Math.min(...zs), Math.max(...zs)]).toEqual([-5.5, -2]);
  });
});

function stacks1() {
  return layoutStacks(layers, { worldSize: 28, minSideRatio: 0.1, channelSpacing: 0.5, maxStackDepth: 10, stackGap: 2, stackGapScale: 0 }).stacks;
}

describe('pixelAt', () => {
  const { stacks } = layoutStacks(layers);
  it('turns a uv (v up) into a map pixel (y down), clamped at the far edges', () => {
    expect(pixelAt(stacks[1], 0, 1)).toEqual({ y: 0, x: 0 });
    expect(pixelAt(stacks[1], 0.5, 0.5)).toEqual({ y: 13, x: 13 });
    expect(pixelAt(stacks[1], 1, 0)).toEqual({ y: 25, x: 25 });
    // fc: 4 x 3 cells.
    expect(pixelAt(stacks[3], 0.35, 0.5)).toEqual({ y: 1, x: 1 });
  });
});

describe('unitAt', () => {
  const { stacks } = layoutStacks([...layers, { id: 'flat', label: 'flat', shape: [1, 300] }, { id: 'wide', label: 'wide', shape: [1, 64, 5, 5] }]);
  it('selects channel and pixel on maps', () => {
    expect(unitAt(stacks[1], 5, { x: 0.99, y: 0.99 })).toEqual({ nodeId: 'conv1', channel: 5, y: 0, x: 25 });
  });
  it("selects a drawn plane's channel on a wide layer", () => {
    expect(unitAt(stacks[5], 3, { x: 0, y: 1 })).toEqual({ nodeId: 'wide', channel: 12, y: 0, x: 0 });
  });
  it('selects the feature under a strip cell, nothing past the last one', () => {
    // fc's 10 features in rows of 4: the bottom right cell (row 2, column 3) is the 12th, past the end.
    expect(unitAt(stacks[3], 0, { x: 0.95, y: 0.5 })).toEqual({ nodeId: 'fc', channel: 7, y: 0, x: 0 });
    expect(unitAt(stacks[3], 0, { x: 0.95, y: 0.1 })).toBeNull();
    // 300 features in rows of 18: the second row starts at 18.
    expect(unitAt(stacks[4], 0, { x: 0.1, y: 0.99 })).toEqual({ nodeId: 'flat', channel: 1, y: 0, x: 0 });
    expect(unitAt(stacks[4], 0, { x: 0.1, y: 0.9 })).toEqual({ nodeId: 'flat', channel: 18 + 1, y: 0, x: 0 });
  });
});
