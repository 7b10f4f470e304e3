import { describe, expect, it } from 'vitest';
import { layoutStacks } from './layout.js';
import { frameSegments, highlightMatrices } from './overlays.js';

// conv: 3 channels of 4x8 pixels; worldSize 8 makes a pixel 1x1 world units.
const [stack, strip] = layoutStacks(
  [
    { id: 'conv', label: 'conv', shape: [1, 3, 4, 8] },
    { id: 'fc', label: 'fc', shape: [1, 10] },
  ],
  { worldSize: 8, channelSpacing: 0.5, stackGap: 1 },
).stacks;

describe('highlightMatrices', () => {
  it('covers the rectangle of pixels on every plane, at each plane depth', () => {
    const m = highlightMatrices(stack, { top: 1, left: 2, bottom: 2, right: 5 });
    expect(m.length).toBe(3 * 16);
    // Plane spans x -4..4, y 2..-2: columns 2..5 are x -2..2, rows 1..2 are y 1..-1.
    expect([m[0], m[5], m[12], m[13], m[14]]).toEqual([4, 2, 0, 0, -0]);
    expect([m[16 + 14], m[32 + 14]]).toEqual([-0.5, -1]);
    const corner = highlightMatrices(stack, { top: 0, left: 0, bottom: 0, right: 0 });
    expect([corner[0], corner[5], corner[12], corner[13]]).toEqual([1, 1, -3.5, 1.5]);
  });

  it('maps strip cells the same way', () => {
    // 10 features in one row of 10 cells over a plane 8 wide.
    const m = highlightMatrices(strip, { top: 0, left: 9, bottom: 0, right: 9 });
    expect(m[0]).toBeCloseTo(0.8);
    expect(m[12]).toBeCloseTo(3.6);
    expect(m[14]).toBe(-2);
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
