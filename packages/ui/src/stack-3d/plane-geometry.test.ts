import { describe, expect, it } from 'vitest';
import { ringPlane } from './plane-geometry.js';

/** Signed area of triangle (a, b, c) in the xy plane. */
function area(p: Float32Array, a: number, b: number, c: number): number {
  return ((p[b * 3] - p[a * 3]) * (p[c * 3 + 1] - p[a * 3 + 1]) - (p[c * 3] - p[a * 3]) * (p[b * 3 + 1] - p[a * 3 + 1])) / 2;
}

describe('ringPlane', () => {
  const { positions, uvs, corners, index } = ringPlane();

  it('covers the unit plane exactly once, all triangles wound the same way', () => {
    const areas = Array.from({ length: index.length / 3 }, (_, t) => area(positions, index[3 * t], index[3 * t + 1], index[3 * t + 2]));
    expect(areas.reduce((a, b) => a + Math.abs(b), 0)).toBeCloseTo(1);
    // Fan triangles are non-degenerate (4) or degenerate (4, the inner edges of the ring).
    expect(areas.filter((a) => Math.abs(a) > 1e-9).length).toBe(4);
    expect(new Set(areas.filter((a) => Math.abs(a) > 1e-9).map(Math.sign)).size).toBe(1);
  });

  it('gives uvs that match positions (u = x + 0.5, v = y + 0.5)', () => {
    for (let i = 0; i < 8; i++) {
      expect(uvs[i * 2]).toBeCloseTo(positions[i * 3] + 0.5);
      expect(uvs[i * 2 + 1]).toBeCloseTo(positions[i * 3 + 1] + 0.5);
    }
  });

  it('marks the four inner vertices movable, each with its corner sign', () => {
    expect([...corners].filter((_, i) => i % 3 === 2)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect([...corners.subarray(12, 24)]).toEqual([-1, 1, 1, 1, 1, 1, 1, -1, 1, -1, -1, 1]);
  });

  it('forms a ring with the inner rectangle moved: its area is outer minus inner', () => {
    const moved = positions.slice();
    const inner = [[-0.2, 0.3], [0.4, 0.3], [0.4, -0.1], [-0.2, -0.1]];
    inner.forEach(([x, y], i) => moved.set([x, y], (i + 4) * 3));
    const areas = Array.from({ length: index.length / 3 }, (_, t) => area(moved, index[3 * t], index[3 * t + 1], index[3 * t + 2]));
    expect(areas.reduce((a, b) => a + Math.abs(b), 0)).toBeCloseTo(1 - 0.6 * 0.4);
    expect(new Set(areas.map(Math.sign)).size).toBe(1);
  });
});
