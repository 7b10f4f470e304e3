import type { NodeStackLayout } from './layout.js';
import type { MapRect } from './receptive-rects.js';

// Overlays are separate geometry, not shader work: on a software rasteriser every instruction
// of the planes' fragment shader runs once per layer of a stack's overdraw (64 deep), while a
// rectangle quad only covers its own pixels and a frame is a few lines.

/**
 * Instance matrices (16 numbers a plane) for a unit quad covering `rect` on every plane of the
 * stack: the receptive-field rectangle, drawn translucent over each channel.
 *
 * @example
 * // A 4-wide plane of 4x4 pixels: pixel (0, 0) is a quad of 1x1 centred at (-1.5, 1.5).
 * highlightMatrices(stack, { top: 0, left: 0, bottom: 0, right: 0 }).subarray(0, 16);
 */
export function highlightMatrices(stack: NodeStackLayout, rect: MapRect): Float32Array {
  const { cellWidth, cellHeight, count } = stack.atlas;
  const pixelWidth = stack.width / cellWidth;
  const pixelHeight = stack.height / cellHeight;
  const left = -stack.width / 2 + rect.left * pixelWidth;
  const right = -stack.width / 2 + (rect.right + 1) * pixelWidth;
  const top = stack.height / 2 - rect.top * pixelHeight;
  const bottom = stack.height / 2 - (rect.bottom + 1) * pixelHeight;
  const matrices = new Float32Array(count * 16);
  for (let i = 0; i < count; i++) {
    const m = i * 16;
    matrices[m] = right - left;
    matrices[m + 5] = top - bottom;
    matrices[m + 10] = 1;
    matrices[m + 12] = (left + right) / 2;
    matrices[m + 13] = (top + bottom) / 2;
    matrices[m + 14] = -(stack.depthStart + i * stack.spacing);
    matrices[m + 15] = 1;
  }
  return matrices;
}

/**
 * Line-segment vertices (x, y, z; 8 vertices a plane) outlining every plane of a stack, so the
 * planes of a deck read apart: one merged geometry, one draw call per node.
 *
 * @example
 * frameSegments(stack).length; // stack.atlas.count * 8 * 3
 */
export function frameSegments(stack: NodeStackLayout): Float32Array {
  const x = stack.width / 2;
  const y = stack.height / 2;
  const corners = [[-x, y], [x, y], [x, y], [x, -y], [x, -y], [-x, -y], [-x, -y], [-x, y]];
  const positions = new Float32Array(stack.atlas.count * 24);
  for (let i = 0; i < stack.atlas.count; i++) {
    const z = -(stack.depthStart + i * stack.spacing);
    corners.forEach(([cx, cy], k) => positions.set([cx, cy, z], i * 24 + k * 3));
  }
  return positions;
}
