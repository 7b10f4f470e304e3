import type { NodeStackLayout } from './layout.js';

/** Pixels between a label and its stack, and kept free around each label. */
const LABEL_GAP = 4;
const LABEL_PADDING = 3;

/**
 * The order in which stacks claim room for their labels: the input and the output first, then
 * every stack whose shape differs from the one before it (a convolution, a pooling, a dense
 * layer: where the net changes), then the rest (ReLUs and other element-wise layers, which
 * repeat their neighbour's shape), each group front to back.
 *
 * @example
 * labelPriority(layoutStacks(alexNetShapes).stacks); // Int32Array [0, 19, 1, 3, 4, ...]
 */
export function labelPriority(stacks: readonly NodeStackLayout[]): Int32Array {
  const n = stacks.length;
  const rank = (i: number) => {
    if (i === 0 || i === n - 1) return 0;
    const same = stacks[i].shape.join('x') === stacks[i - 1].shape.join('x');
    return same ? 2 : 1;
  };
  return Int32Array.from([...stacks.keys()].sort((a, b) => rank(a) - rank(b) || a - b));
}

/** What label placement reads: where each stack is on screen and how big its label is. */
export interface LabelScene {
  /** Each stack's projected box in pixels: left, top, right, bottom (stacks front to back). */
  boxes: ArrayLike<number>;
  /** Each stack's 8 projected corners, x and y (16 numbers a stack; see projectBoxes). */
  outlines: ArrayLike<number>;
  /** Each label's width and height in pixels. */
  sizes: ArrayLike<number>;
  /** The order in which labels claim room (see labelPriority). */
  priority: ArrayLike<number>;
  width: number;
  height: number;
}

/** Where placement writes: each label's top-left corner (2 a stack) and 1 (shown) or 0. */
export interface LabelPlacement {
  positions: Float32Array;
  visible: Uint8Array;
}

/**
 * Places each stack's label just above its projected box, or else just below it, centred on
 * it (or else starting or ending at its centre) and kept inside the canvas: stack `first` (the one under the pointer, or the selected one;
 * -1 for none), then the rest in priority order. A label is hidden when it would overlap a label
 * already placed, when its stack is off screen, or when it would cover a plane of a stack
 * nearer the camera than its own (above) or of any other stack (below); the first two in
 * priority (the input and the output) and stack `first` may cover planes. Allocates nothing:
 * it runs every frame.
 *
 * @example
 * placeLabels({ boxes, outlines, sizes, priority: labelPriority(stacks), width: 800, height: 600 }, { positions, visible });
 * visible; // Uint8Array [1, 0, 1, ...]: the second label would have covered the first
 */
export function placeLabels(scene: LabelScene, out: LabelPlacement, first = -1): void {
  out.visible.fill(0);
  if (first >= 0 && first < out.visible.length) placeOne(first, true, scene, out);
  for (let p = 0; p < scene.priority.length; p++) {
    if (scene.priority[p] !== first) placeOne(scene.priority[p], p < 2, scene, out);
  }
}

function placeOne(i: number, anywhere: boolean, scene: LabelScene, out: LabelPlacement): void {
  const { boxes, sizes, width, height } = scene;
  const left = boxes[4 * i];
  const top = boxes[4 * i + 1];
  const right = boxes[4 * i + 2];
  const bottom = boxes[4 * i + 3];
  const w = sizes[2 * i];
  const h = sizes[2 * i + 1];
  // Off screen (or behind the camera: NaN): no label.
  if (!(right > 0 && left < width && bottom > 0 && top < height)) return;
  const centre = (left + right) / 2;
  // Above the stack, where it may cover stacks further back (they rise behind it), or else below
  // it, where it may cover none: in front and below are the stacks nearer the camera. On each
  // side centred on the stack, else starting or ending at its centre.
  for (let candidate = 0; candidate < 6; candidate++) {
    const side = candidate < 3 ? 0 : 1;
    const shift = candidate % 3;
    const x = Math.min(Math.max(0, shift === 0 ? centre - w / 2 : shift === 1 ? centre : centre - w), width - w);
    const y = side === 0 ? Math.max(0, top - LABEL_GAP - h) : Math.min(height - h, bottom + LABEL_GAP);
    const covers = anywhere ? 0 : side === 0 ? i : out.visible.length;
    if (!overlapsPlaced(x, y, w, h, sizes, out) && !overlapsStacks(x, y, w, h, scene.outlines, covers, i)) {
      out.positions[2 * i] = x;
      out.positions[2 * i + 1] = y;
      out.visible[i] = 1;
      return;
    }
  }
}

// Corners of a stack's front and back plane in drawing order, as indices into its 8 projected
// corners (stackCorners: front then back, top then bottom, left then right).
const FACES = [0, 1, 3, 2, 4, 5, 7, 6];

/**
 * Whether the label rectangle overlaps the front or back plane (as drawn: projected
 * quadrilaterals from `outlines`, 16 numbers a stack) of any stack before `end` other than `own`.
 * The planes, not the stacks' bounding boxes: a plane seen at an angle leaves much of its box empty.
 */
function overlapsStacks(x: number, y: number, w: number, h: number, outlines: ArrayLike<number>, end: number, own: number): boolean {
  for (let j = 0; j < end; j++) {
    if (j === own) continue;
    if (rectMeetsQuad(x, y, w, h, outlines, 16 * j, 0) || rectMeetsQuad(x, y, w, h, outlines, 16 * j, 4)) return true;
  }
  return false;
}

/**
 * Separating axes: a rectangle and a convex quadrilateral are apart exactly when one of the
 * rectangle's two axes or one of the quadrilateral's four edge normals separates them.
 */
function rectMeetsQuad(x: number, y: number, w: number, h: number, outlines: ArrayLike<number>, base: number, face: number): boolean {
  // Plain locals throughout, no destructuring: nothing here may allocate.
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < 4; k++) {
    const px = outlines[base + 2 * FACES[face + k]];
    const py = outlines[base + 2 * FACES[face + k] + 1];
    if (!(px === px && py === py)) return false;
    minX = px < minX ? px : minX;
    maxX = px > maxX ? px : maxX;
    minY = py < minY ? py : minY;
    maxY = py > maxY ? py : maxY;
  }
  if (maxX <= x || minX >= x + w || maxY <= y || minY >= y + h) return false;
  for (let k = 0; k < 4; k++) {
    const ax = outlines[base + 2 * FACES[face + k]];
    const ay = outlines[base + 2 * FACES[face + k] + 1];
    const bx = outlines[base + 2 * FACES[face + ((k + 1) % 4)]];
    const by = outlines[base + 2 * FACES[face + ((k + 1) % 4)] + 1];
    const nx = ay - by;
    const ny = bx - ax;
    let quadMin = Infinity;
    let quadMax = -Infinity;
    for (let q = 0; q < 4; q++) {
      const v = nx * outlines[base + 2 * FACES[face + q]] + ny * outlines[base + 2 * FACES[face + q] + 1];
      quadMin = v < quadMin ? v : quadMin;
      quadMax = v > quadMax ? v : quadMax;
    }
    let rectMin = Infinity;
    let rectMax = -Infinity;
    for (let c = 0; c < 4; c++) {
      const v = nx * (x + (c & 1 ? w : 0)) + ny * (y + (c & 2 ? h : 0));
      rectMin = v < rectMin ? v : rectMin;
      rectMax = v > rectMax ? v : rectMax;
    }
    if (rectMax <= quadMin || rectMin >= quadMax) return false;
  }
  return true;
}

function overlapsPlaced(x: number, y: number, w: number, h: number, sizes: ArrayLike<number>, { positions, visible }: LabelPlacement): boolean {
  let free = true;
  for (let j = 0; j < visible.length && free; j++) {
    if (visible[j] === 0) continue;
    const ox = positions[2 * j];
    const oy = positions[2 * j + 1];
    free =
      x + w + LABEL_PADDING <= ox ||
      ox + sizes[2 * j] + LABEL_PADDING <= x ||
      y + h + LABEL_PADDING <= oy ||
      oy + sizes[2 * j + 1] + LABEL_PADDING <= y;
  }
  return !free;
}
