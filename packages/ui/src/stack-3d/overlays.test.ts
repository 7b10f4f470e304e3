import { describe, expect, it } from 'vitest';
import { layoutStacks } from './layout.js';
import { frameSegments, framedPlanes, highlightBox } from './overlays.js';

// conv: 3 channels of 4x8 pixels; worldSize 8 makes a pixel 1x1 world units.
const [stack, strip] = layoutStacks(
  [
    { id: 'conv', label: 'conv', shape: [1, 3, 4, 8] },
    { id: 'fc', label: 'fc', shape: [1, 10] },
  ],
  { worldSize: 8, channelSpacing: 0.5, stackGap: 1, stackGapScale: 0 },
).stacks;

describe('highlightBox', () => {
  it('spans the rectangle of pixels and the whole stack depth', () => {
    // Plane spans x -4..4, y 2..-2: columns 2..5 are x -2..2, rows 1..2 are y 1..-1; planes at z 0..-1.
    const box = highlightBox(stack, { top: 1, left: 2, bottom: 2, right: 5 });
    expect(box.center).toEqual([0, 0, -0.5]);
    expect(box.size[0]).toBe(4);
    expect(box.size[1]).toBe(2);
    expect(box.size[2]).toBeCloseTo(1.02);
    expect(highlightBox(stack, { top: 0, left: 0, bottom: 0, right: 0 }).center).toEqual([-3.5, 1.5, -0.5]);
  });

  it('maps strip cells the same way, as a thin slab', () => {
    // 10 features in rows of 4 cells, a cell 1 unit wide, at depth 2: feature 9 is row 2, column 1.
    const box = highlightBox(strip, { top: 2, left: 1, bottom: 2, right: 1 });
    expect(box.size[0]).toBeCloseTo(1);
    expect(box.size[2]).toBeCloseTo(0.02);
    expect(box.center[0]).toBeCloseTo(-0.5);
    expect(box.center[1]).toBeCloseTo(-1);
    expect(box.center[2]).toBe(-2);
  });
});

describe('framedPlanes', () => {
  it('outlines the first, the last and evenly spaced planes between', () => {
    expect(framedPlanes(1)).toEqual([0]);
    expect(framedPlanes(3)).toEqual([0, 1, 2]);
    expect(framedPlanes(64)).toEqual([0, 8, 16, 24, 32, 40, 48, 56, 63]);
    expect(framedPlanes(9)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('frameSegments', () => {
  it('outlines each plane with four segments at its depth', () => {
    const p = frameSegments(stack);
    expect(p.length).toBe(3 * 24);
    expect([...p.subarray(0, 6)]).toEqual([-4, 2, -0, 4, 2, -0]);
    expect([...p.subarray(24 + 21, 24 + 24)]).toEqual([-4, 2, -0.5]);
    const xs = [...p].filter((_, i) => i % 3 === 0);
    expect(Math.max(...xs)).toBe(4);
    expect(Math.min(...xs)).toBe(-4);
  });
});
