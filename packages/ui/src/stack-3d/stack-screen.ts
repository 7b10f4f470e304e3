import { labelPriority, type LabelPlacement, type LabelScene } from './label-placement.js';
import { stackCorners, type NodeStackLayout } from './layout.js';
import { highlightBox } from './overlays.js';
import type { LayerHighlight } from './receptive-rects.js';

/**
 * Where each stack lands on the screen, shared by the scene (which projects the stacks every
 * frame) and the DOM labels over it: typed arrays sized once per layout and rewritten in place,
 * so a frame allocates nothing. It is also what label placement reads and writes.
 */
export interface StackScreen extends LabelScene, LabelPlacement {
  ids: readonly string[];
  /** 8 corners (x, y, z) of each stack's box. */
  corners: Float32Array;
  /** Each stack's projected box in CSS pixels: left, top, right, bottom. */
  boxes: Float32Array;
  /** Each stack's 8 corners on screen, x and y (see projectBoxes). */
  outlines: Float32Array;
  /** Each label's measured width and height in pixels (0 until measured). */
  sizes: Float32Array;
  /** What the label elements show now, so a frame writes the DOM only where it changed. */
  drawn: Float32Array;
  labels: (HTMLElement | null)[];
  /** Corners of each stack's receptive-field box (zeros and `hasField` 0 where none). */
  fieldCorners: Float32Array;
  fieldBoxes: Float32Array;
  /** 0: no highlight, 1: the selected unit's stack, 2: an upstream stack's receptive field. */
  hasField: Uint8Array;
  /** The highlighted map pixels (top, left, bottom, right; a strip's cells) of each stack. */
  fieldRects: Int32Array;
  /** The stack holding the selected unit, whose label is always shown; -1 for none. */
  selected: number;
  /** Canvas size in CSS pixels the boxes were projected for. */
  width: number;
  height: number;
}

/**
 * A fresh screen state for a layout.
 *
 * @example
 * const screen = createStackScreen(layout.stacks);
 * screen.boxes.length; // layout.stacks.length * 4
 */
export function createStackScreen(stacks: readonly NodeStackLayout[]): StackScreen {
  const n = stacks.length;
  return {
    ids: stacks.map((s) => s.id),
    corners: stackCorners(stacks),
    boxes: new Float32Array(4 * n),
    outlines: new Float32Array(16 * n),
    sizes: new Float32Array(2 * n),
    positions: new Float32Array(2 * n),
    visible: new Uint8Array(n),
    drawn: new Float32Array(3 * n).fill(NaN),
    priority: labelPriority(stacks),
    labels: new Array<HTMLElement | null>(n).fill(null),
    fieldCorners: new Float32Array(24 * n),
    fieldBoxes: new Float32Array(4 * n),
    hasField: new Uint8Array(n),
    fieldRects: new Int32Array(4 * n),
    selected: -1,
    width: 0,
    height: 0,
  };
}

/**
 * Writes the corners of each stack's receptive-field box into `screen` (see highlightBox).
 *
 * @example
 * setFieldCorners(screen, layout.stacks, highlights);
 */
export function setFieldCorners(screen: StackScreen, stacks: readonly NodeStackLayout[], highlights: ReadonlyMap<string, LayerHighlight>): void {
  screen.hasField.fill(0);
  screen.fieldCorners.fill(0);
  screen.fieldRects.fill(0);
  screen.selected = -1;
  stacks.forEach((stack, i) => {
    const rect = highlights.get(stack.id)?.rect;
    if (!rect) return;
    const { center, size } = highlightBox(stack, rect);
    let k = 24 * i;
    for (const dz of [0.5, -0.5]) {
      for (const dy of [0.5, -0.5]) {
        for (const dx of [-0.5, 0.5]) {
          screen.fieldCorners[k++] = center[0] + dx * size[0];
          screen.fieldCorners[k++] = center[1] + dy * size[1];
          screen.fieldCorners[k++] = center[2] + dz * size[2];
        }
      }
    }
    screen.hasField[i] = highlights.get(stack.id)?.role === 'selected' ? 1 : 2;
    if (screen.hasField[i] === 1) screen.selected = i;
    screen.fieldRects.set([rect.top, rect.left, rect.bottom, rect.right], 4 * i);
  });
}

/** One stack as the test hook reports it: its box on screen, and its field's, in CSS pixels. */
export interface StackScreenReport {
  id: string;
  box: [number, number, number, number];
  labelled: boolean;
  /** Whether the selected unit is on this stack or its receptive field reaches it; absent when neither. */
  role?: 'selected' | 'field';
  /** The highlight's box on screen, and its map pixels (top, left, bottom, right). */
  field?: [number, number, number, number];
  rect?: [number, number, number, number];
}

/**
 * The screen state as plain data (for the `data-stack-boxes` attribute tests read).
 *
 * @example
 * JSON.stringify(screenReport(screen));
 */
export function screenReport(screen: StackScreen): StackScreenReport[] {
  const round = (a: Float32Array, i: number) => [0, 1, 2, 3].map((k) => Math.round(a[4 * i + k] * 10) / 10) as [number, number, number, number];
  return screen.ids.map((id, i) => ({
    id,
    box: round(screen.boxes, i),
    labelled: screen.visible[i] === 1,
    ...(screen.hasField[i]
      ? {
          role: screen.hasField[i] === 1 ? ('selected' as const) : ('field' as const),
          field: round(screen.fieldBoxes, i),
          rect: [...screen.fieldRects.subarray(4 * i, 4 * i + 4)] as [number, number, number, number],
        }
      : {}),
  }));
}
