import { describe, expect, it } from 'vitest';
import { layoutStacks } from './layout.js';
import { RING_TRIANGLES, RING_VERTICES, stackGeometry } from './stack-geometry.js';

// 3 channels of 4x8 pixels (worldSize 8: a pixel is one world unit), planes 0.5 apart.
const [stack] = layoutStacks([{ id: 'conv', label: 'conv', shape: [1, 3, 4, 8] }], { worldSize: 8, channelSpacing: 0.5 }).stacks;

describe('stackGeometry', () => {
  const g = stackGeometry(stack);

  it('holds one ring per plane, scaled to the stack and placed at its depth', () => {
    expect(g.positions.length).toBe(3 * RING_VERTICES * 3);
    expect(g.index.length).toBe(3 * RING_TRIANGLES * 3);
    // Plane 2's first vertex: top-left corner at z = -1.
    const v = 2 * RING_VERTICES;
    expect([...g.positions.subarray(v * 3, v * 3 + 3)]).toEqual([-4, 2, -1]);
    const xs = [...g.positions].filter((_, i) => i % 3 === 0);
    expect([Math.min(...xs), Math.max(...xs)]).toEqual([-4, 4]);
  });

  it('tags every vertex with its plane and its cell of the atlas', () => {
    expect([...g.planes.subarray(0, RING_VERTICES)].every((p) => p === 0)).toBe(true);
    expect(g.planes[2 * RING_VERTICES + 5]).toBe(2);
    // 3 cells of 8x4 pack into 2 columns: plane 1 at (8, 0), plane 2 at (0, 4).
    expect([...g.cellOrigins.subarray(RING_VERTICES * 2, RING_VERTICES * 2 + 2)]).toEqual([8, 0]);
    expect([...g.cellOrigins.subarray(2 * RING_VERTICES * 2, 2 * RING_VERTICES * 2 + 2)]).toEqual([0, 4]);
  });

  it("indexes each plane's own vertices, so face f belongs to channel floor(f / RING_TRIANGLES)", () => {
    for (let f = 0; f < g.index.length / 3; f++) {
      const plane = Math.floor(f / RING_TRIANGLES);
      for (let k = 0; k < 3; k++) expect(g.planes[g.index[f * 3 + k]]).toBe(plane);
    }
  });

  it('switches to 32-bit indices past 65536 vertices', () => {
    const [big] = layoutStacks([{ id: 'wide', label: 'wide', shape: [1, 8193, 1, 1] }], { maxPlanes: 8193 }).stacks;
    expect(stackGeometry(big).index).toBeInstanceOf(Uint32Array);
    expect(g.index).toBeInstanceOf(Uint16Array);
  });
});
