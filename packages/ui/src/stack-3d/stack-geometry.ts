import { cellOrigins } from './atlas.js';
import type { NodeStackLayout } from './layout.js';
import { ringPlane } from './plane-geometry.js';

/** One node's planes merged into one geometry: per-vertex attributes for the stack's shader. */
export interface StackGeometryData {
  /** World x, y, z: each plane's ring (inner corners at its centre, a fan on the CPU). */
  positions: Float32Array;
  /** u, v per vertex (v up) within its plane. */
  uvs: Float32Array;
  /** Corner sign (x, y) and inner flag (z), see {@link ringPlane}. */
  corners: Float32Array;
  /** The plane (channel) each vertex belongs to. */
  planes: Float32Array;
  /** The plane's cell origin in the atlas, in texels. */
  cellOrigins: Float32Array;
  index: Uint16Array | Uint32Array;
}

/** Vertices and triangles of one plane's ring. */
export const RING_VERTICES = 8;
export const RING_TRIANGLES = 8;

/**
 * Every plane of a stack in one merged geometry (one draw call, no instancing): on SwiftShader,
 * the software GPU the studio's tests and benchmark run on, the same planes drawn instanced
 * took longer (one frame of the benchmark scene, read back: about 15 ms instanced, 7 to 12 ms
 * merged), and 64 planes of 8 vertices are cheap to merge. Plane i sits at
 * z = -(depthStart + i * spacing), scaled to the stack's size; a hit's `faceIndex` divided by
 * {@link RING_TRIANGLES} is its channel.
 *
 * @example
 * stackGeometry(stack).planes.length; // stack.atlas.count * 8
 */
export function stackGeometry(stack: NodeStackLayout): StackGeometryData {
  const ring = ringPlane();
  const count = stack.atlas.count;
  const origins = cellOrigins(stack.atlas);
  const positions = new Float32Array(count * RING_VERTICES * 3);
  const uvs = new Float32Array(count * RING_VERTICES * 2);
  const corners = new Float32Array(count * RING_VERTICES * 3);
  const planes = new Float32Array(count * RING_VERTICES);
  const cells = new Float32Array(count * RING_VERTICES * 2);
  const index = count * RING_VERTICES > 65536 ? new Uint32Array(count * ring.index.length) : new Uint16Array(count * ring.index.length);
  for (let p = 0; p < count; p++) {
    const z = -(stack.depthStart + p * stack.spacing);
    for (let v = 0; v < RING_VERTICES; v++) {
      const at = p * RING_VERTICES + v;
      positions.set([ring.positions[v * 3] * stack.width, ring.positions[v * 3 + 1] * stack.height, z], at * 3);
      uvs.set(ring.uvs.subarray(v * 2, v * 2 + 2), at * 2);
      corners.set(ring.corners.subarray(v * 3, v * 3 + 3), at * 3);
      planes[at] = p;
      cells.set(origins.subarray(p * 2, p * 2 + 2), at * 2);
    }
    for (let i = 0; i < ring.index.length; i++) index[p * ring.index.length + i] = p * RING_VERTICES + ring.index[i];
  }
  return { positions, uvs, corners, planes, cellOrigins: cells, index };
}
