import { inputsOf, type AxisField, type Pipeline, type ReceptiveFieldReport } from '@convstudio/core';
import type { NodeStackLayout } from './layout.js';

/**
 * A selected output unit: node, channel and pixel. For a flat [N,F] node `channel` is the
 * feature index and y = x = 0.
 */
export interface SelectedPixel {
  nodeId: string;
  channel: number;
  y: number;
  x: number;
}

/** An inclusive rectangle in one node's map pixels (a strip's grid cells for flat nodes). */
export interface MapRect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** What to draw on a node's planes: the selected unit itself, or the part of its field there. */
export interface LayerHighlight {
  nodeId: string;
  role: 'selected' | 'field';
  rect: MapRect;
}

// Fields built from fractional jumps (after upsampling) are not exact in binary.
const EPSILON = 1e-9;

/** The units of a layer with field `lower` that lie inside the field centred at `centre` of size `size`. */
function unitsWithin(lower: AxisField, centre: number, size: number, count: number): [number, number] {
  // Express the upper field in the lower layer's units: one lower unit already sees lower.size pixels.
  const relCentre = (centre - lower.start) / lower.jump;
  const relHalf = (size - lower.size) / lower.jump / 2;
  const first = Math.max(0, Math.ceil(relCentre - relHalf - EPSILON));
  const last = Math.min(count - 1, Math.floor(relCentre + relHalf + EPSILON));
  return [first, last];
}

function ancestorsOf(pipeline: Pipeline, nodeId: string): Set<string> {
  const inputs = inputsOf(pipeline);
  const seen = new Set<string>();
  const pending = [...(inputs.get(nodeId) ?? [])];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    pending.push(...(inputs.get(id) ?? []));
  }
  return seen;
}

function whole(stack: NodeStackLayout): MapRect {
  return { top: 0, left: 0, bottom: stack.atlas.cellHeight - 1, right: stack.atlas.cellWidth - 1 };
}

/**
 * Whether a selected unit exists in a stack's node (a selection kept across an edit that
 * changed the node's shape may not).
 *
 * @example
 * fitsStack(conv1Stack, { nodeId: 'conv1', channel: 0, y: 30, x: 0 }); // false for a 26x26 map
 */
export function fitsStack(stack: NodeStackLayout, pixel: SelectedPixel): boolean {
  const [units, rows, cols] = stack.kind === 'strip' ? [stack.shape[0], 1, 1] : stack.shape;
  const { channel, y, x } = pixel;
  return [channel, y, x].every(Number.isInteger) && channel >= 0 && channel < units && y >= 0 && y < rows && x >= 0 && x < cols;
}

/**
 * The selected unit's own highlight: its pixel on a map, its cell on a strip. Throws for a unit
 * outside the node.
 *
 * @example
 * selectionHighlight(stack, { nodeId: 'conv1', channel: 2, y: 3, x: 4 }).rect; // { top: 3, left: 4, bottom: 3, right: 4 }
 */
export function selectionHighlight(stack: NodeStackLayout, pixel: SelectedPixel): LayerHighlight {
  const flat = stack.kind === 'strip';
  const { channel, y, x } = pixel;
  if (!fitsStack(stack, pixel)) {
    throw new Error(`receptiveHighlights: unit (channel ${channel}, y ${y}, x ${x}) is outside node "${pixel.nodeId}" [${stack.shape.join(',')}]`);
  }
  const columns = stack.atlas.cellWidth;
  const at = flat ? { top: Math.floor(channel / columns), left: channel % columns } : { top: y, left: x };
  return { nodeId: stack.id, role: 'selected', rect: { ...at, bottom: at.top, right: at.left } };
}

/**
 * The rectangles to highlight for a selected unit: the unit on its own node, and on every node
 * upstream of it (down to the input) the units its receptive field covers, clipped to the map.
 * Nodes that mix whole maps (flatten, linear, global pooling) make every upstream map whole.
 * A selection on a node the report or the stacks lack (stale after an edit) highlights nothing.
 *
 * @example
 * // conv 3x3 (no padding) after the input: unit (5, 5) reads input rows and columns 5..7.
 * receptiveHighlights(report, pipeline, stacks, { nodeId: 'conv1', channel: 0, y: 5, x: 5 }).get('input')?.rect;
 * // { top: 5, left: 5, bottom: 7, right: 7 }
 */
export function receptiveHighlights(
  report: ReceptiveFieldReport,
  pipeline: Pipeline,
  stacks: readonly NodeStackLayout[],
  pixel: SelectedPixel,
): Map<string, LayerHighlight> {
  const result = new Map<string, LayerHighlight>();
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const target = report.byId.get(pixel.nodeId);
  const targetStack = byId.get(pixel.nodeId);
  if (!target || !targetStack) return result;
  result.set(pixel.nodeId, selectionHighlight(targetStack, pixel));
  const flat = targetStack.kind === 'strip';
  const { y, x } = pixel;

  const centreY = target.height.start + y * target.height.jump;
  const centreX = target.width.start + x * target.width.jump;
  for (const id of ancestorsOf(pipeline, pixel.nodeId)) {
    const field = report.byId.get(id);
    const stack = byId.get(id);
    if (!field || !stack) continue;
    if (stack.kind === 'strip' || target.global || flat) {
      result.set(id, { nodeId: id, role: 'field', rect: whole(stack) });
      continue;
    }
    const [top, bottom] = unitsWithin(field.height, centreY, target.height.size, stack.atlas.cellHeight);
    const [left, right] = unitsWithin(field.width, centreX, target.width.size, stack.atlas.cellWidth);
    if (top <= bottom && left <= right) result.set(id, { nodeId: id, role: 'field', rect: { top, left, bottom, right } });
  }
  return result;
}
