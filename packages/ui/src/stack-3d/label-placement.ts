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

/**
 * Places each stack's label just above its projected box (`boxes`: left, top, right, bottom in
 * pixels, 4 a stack; stacks front to back), or else just below it, centred on it and kept
 * inside the `width` x `height` canvas, never over a stack nearer the camera than its own (nor
 * over any stack when below) unless it is one of the first two in `priority` or the stack
 * `first`: stack `first`
 * (the one under the pointer; -1 for none), then the rest in `priority` order. A label that
 * would overlap one already placed, or whose stack is off screen, is hidden. Writes each
 * label's top-left corner into `positions` (2 a stack) and 1 or 0 into `visible`. Allocates
 * nothing: it runs every frame.
 *
 * @example
 * placeLabels(boxes, sizes, labelPriority(stacks), 800, 600, positions, visible);
 * visible; // Uint8Array [1, 0, 1, ...]: the second label would have covered the first
 */
export function placeLabels(
  boxes: ArrayLike<number>,
  sizes: ArrayLike<number>,
  priority: ArrayLike<number>,
  width: number,
  height: number,
  positions: Float32Array,
  visible: Uint8Array,
  first = -1,
): void {
  visible.fill(0);
  if (first >= 0 && first < visible.length) placeOne(first, true, boxes, sizes, width, height, positions, visible);
  for (let p = 0; p < priority.length; p++) {
    // The first two (the input and the output, see labelPriority) are named whatever they cover.
    if (priority[p] !== first) placeOne(priority[p], p < 2, boxes, sizes, width, height, positions, visible);
  }
}

function placeOne(i: number, anywhere: boolean, boxes: ArrayLike<number>, sizes: ArrayLike<number>, width: number, height: number, positions: Float32Array, visible: Uint8Array): void {
  const left = boxes[4 * i];
  const top = boxes[4 * i + 1];
  const right = boxes[4 * i + 2];
  const bottom = boxes[4 * i + 3];
  const w = sizes[2 * i];
  const h = sizes[2 * i + 1];
  // Off screen (or behind the camera: NaN): no label.
  if (!(right > 0 && left < width && bottom > 0 && top < height)) return;
  const x = Math.min(Math.max(0, (left + right) / 2 - w / 2), width - w);
  // Above the stack, where it may cover stacks further back (they rise behind it), or else below
  // it, where it may cover none: in front and below are the stacks nearer the camera.
  for (let side = 0; side < 2; side++) {
    const y = side === 0 ? Math.max(0, top - LABEL_GAP - h) : Math.min(height - h, bottom + LABEL_GAP);
    const covers = anywhere ? 0 : side === 0 ? i : visible.length;
    if (!overlapsPlaced(x, y, w, h, sizes, positions, visible) && !overlapsStacks(x, y, w, h, boxes, covers, i)) {
      positions[2 * i] = x;
      positions[2 * i + 1] = y;
      visible[i] = 1;
      return;
    }
  }
}

/** Whether the label rectangle overlaps the box of any stack before `end` other than `own`. */
function overlapsStacks(x: number, y: number, w: number, h: number, boxes: ArrayLike<number>, end: number, own: number): boolean {
  for (let j = 0; j < end; j++) {
    if (j === own) continue;
    if (x < boxes[4 * j + 2] && boxes[4 * j] < x + w && y < boxes[4 * j + 3] && boxes[4 * j + 1] < y + h) return true;
  }
  return false;
}

function overlapsPlaced(x: number, y: number, w: number, h: number, sizes: ArrayLike<number>, positions: Float32Array, visible: Uint8Array): boolean {
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
