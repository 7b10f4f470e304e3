/** Vertex data of one plane's ring (stack-geometry.ts repeats it for every channel). */
export interface PlaneGeometryData {
  /** x, y, z per vertex: outer corners at ±0.5, inner ones at the centre. */
  positions: Float32Array;
  /** u, v per vertex (v up), matching `positions`. */
  uvs: Float32Array;
  /** x, y: which corner (±1); z: 1 for an inner vertex, which the vertex shader may move. */
  corners: Float32Array;
  /** Eight triangles: the ring between the outer and the inner rectangle. */
  index: Uint16Array;
}

// Outer corners TL, TR, BR, BL, then the inner ones in the same order.
const SIGNS = [[-1, 1], [1, 1], [1, -1], [-1, -1]];

/**
 * A unit plane (1 x 1, centred, facing +z) built as a ring of four quads around an inner
 * rectangle. Why: planes of a stack hide each other almost entirely, and WebGL gives a
 * software rasteriser no early depth test, so every hidden fragment would still be shaded. The
 * vertex shader moves the inner corners onto the part of the plane its nearer neighbour covers,
 * leaving only the visible band to rasterise. On the CPU (raycasting) and for a plane with no
 * neighbour in front, the inner corners sit at the centre: the ring becomes a fan covering the
 * whole plane, with exact uvs (they are affine in position).
 *
 * @example
 * const { positions, index } = ringPlane(); // 8 vertices, 24 indices
 */
export function ringPlane(): PlaneGeometryData {
  const positions = new Float32Array(8 * 3);
  const uvs = new Float32Array(8 * 2);
  const corners = new Float32Array(8 * 3);
  SIGNS.forEach(([sx, sy], i) => {
    positions.set([sx * 0.5, sy * 0.5, 0], i * 3);
    uvs.set([sx * 0.5 + 0.5, sy * 0.5 + 0.5], i * 2);
    corners.set([sx, sy, 0], i * 3);
    positions.set([0, 0, 0], (i + 4) * 3);
    uvs.set([0.5, 0.5], (i + 4) * 2);
    corners.set([sx, sy, 1], (i + 4) * 3);
  });
  const index: number[] = [];
  for (let i = 0; i < 4; i++) {
    const next = (i + 1) % 4;
    index.push(i, next, 4 + next, i, 4 + next, 4 + i);
  }
  return { positions, uvs, corners, index: Uint16Array.from(index) };
}
