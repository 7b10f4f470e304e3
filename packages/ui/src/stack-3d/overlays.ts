import type { NodeStackLayout } from './layout.js';
import type { MapRect } from './receptive-rects.js';

// Overlays are separate geometry, not shader work: on a software rasteriser every instruction
// of the planes' fragment shader runs for every fragment drawn, while a box covers only its own
// pixels and a frame is a few lines.

/** A box in world units: centre and size. */
export interface Box {
  center: [number, number, number];
  size: [number, number, number];
}

// How far the highlight box reaches past the first and last plane, so its faces never z-fight them.
const BOX_MARGIN = 0.01;

/**
 * The receptive-field highlight of a stack as one translucent box through every plane: over
 * opaque planes it tints exactly what a rectangle on each plane would (a ray reaching plane i
 * inside the rectangle enters the box through a face no nearer plane hides), at the cost of one
 * box instead of a quad per channel, each shaded even where hidden.
 *
 * @example
 * // A 8x4 plane of 8x4 pixels: pixels (1..2, 2..5) make a box 4 wide, 2 high, centred at (0, 0).
 * highlightBox(stack, { top: 1, left: 2, bottom: 2, right: 5 }).size; // [4, 2, depth + 0.02]
 */
export function highlightBox(stack: NodeStackLayout, rect: MapRect): Box {
  const { cellWidth, cellHeight } = stack.atlas;
  const pixelWidth = stack.width / cellWidth;
  const pixelHeight = stack.height / cellHeight;
  const left = -stack.width / 2 + rect.left * pixelWidth;
  const right = -stack.width / 2 + (rect.right + 1) * pixelWidth;
  const top = stack.height / 2 - rect.top * pixelHeight;
  const bottom = stack.height / 2 - (rect.bottom + 1) * pixelHeight;
  const depth = stack.depthEnd - stack.depthStart + 2 * BOX_MARGIN;
  return {
    center: [(left + right) / 2, (top + bottom) / 2, -(stack.depthStart + stack.depthEnd) / 2],
    size: [right - left, top - bottom, depth],
  };
}

/** The planes a stack outlines: the first, the last and every `step`-th between (about 9 in all). */
export function framedPlanes(count: number, frames = 9): number[] {
  const step = Math.max(1, Math.ceil((count - 1) / (frames - 1)));
  const planes: number[] = [];
  for (let i = 0; i < count - 1; i += step) planes.push(i);
  planes.push(count - 1);
  return planes;
}

/**
 * Line-segment vertices (x, y, z; 8 vertices a plane) outlining some planes of a stack (see
 * {@link framedPlanes}): enough to show the deck's extent and rhythm. Outlining all 64 would
 * cost more than the planes on a software rasteriser and paint the thin visible edges grey.
 *
 * @example
 * frameSegments(stack).length; // framedPlanes(stack.atlas.count).length * 8 * 3
 */
export function frameSegments(stack: NodeStackLayout): Float32Array {
  const x = stack.width / 2;
  const y = stack.height / 2;
  const corners = [[-x, y], [x, y], [x, y], [x, -y], [x, -y], [-x, -y], [-x, -y], [-x, y]];
  const planes = framedPlanes(stack.atlas.count);
  const positions = new Float32Array(planes.length * 24);
  planes.forEach((plane, i) => {
    const z = -(stack.depthStart + plane * stack.spacing);
    corners.forEach(([cx, cy], k) => positions.set([cx, cy, z], i * 24 + k * 3));
  });
  return positions;
}
