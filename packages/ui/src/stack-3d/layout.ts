import { packAtlas, type AtlasLayout } from './atlas.js';

/** What the layout needs of a layer: its id, label and tensor shape ([N,C,H,W] or [N,F]). */
export interface LayerShape {
  id: string;
  label: string;
  shape: readonly number[];
}

/** Spacing knobs, in world units. */
export interface StackLayoutOptions {
  /** Side of the largest map; other maps scale with their pixel count (default 4). */
  worldSize?: number;
  /** Gap between neighbouring channel planes of one stack (default 0.06). */
  channelSpacing?: number;
  /** A stack is never deeper than this; many channels pack tighter (default 4). */
  maxStackDepth?: number;
  /** Gap between the last plane of a stack and the first of the next (default 1.5). */
  stackGap?: number;
  /** A flat [N,F] layer wraps into rows of at most this many cells (default 256). */
  stripColumns?: number;
}

/** One node's stack: its planes' size and depth positions, and its texture atlas. */
export interface NodeStackLayout {
  id: string;
  /** e.g. "conv1 8×26×26". */
  caption: string;
  /** Maps show one plane per channel; strips (flat features) one bar plane. */
  kind: 'maps' | 'strip';
  /** Per-sample shape: [C, H, W] or [F]. */
  shape: number[];
  atlas: AtlasLayout;
  /** Plane size in world units. */
  width: number;
  height: number;
  /**
   * Distance along the depth axis of the first and last plane; plane i sits at world
   * z = -(depthStart + i * spacing), so the input is nearest a camera on +z and planes face it.
   */
  depthStart: number;
  depthEnd: number;
  spacing: number;
}

/** Every stack, plus the centre and radius of the whole scene (to frame the camera). */
export interface StackLayout {
  stacks: NodeStackLayout[];
  center: [number, number, number];
  radius: number;
}

/**
 * A layer's caption: its label and per-sample shape joined by ×.
 *
 * @example
 * stackCaption('conv1', [1, 8, 26, 26]); // "conv1 8×26×26"
 */
export function stackCaption(label: string, shape: readonly number[]): string {
  return `${label} ${shape.slice(1).join('×')}`;
}

/**
 * Lays the layers out as stacks of planes along -z (the depth axis), in the given order: a
 * [N,C,H,W] layer is C planes of W×H (world size proportional to pixels, the largest map
 * `worldSize` wide), a [N,F] layer one bar of F square cells wrapped at `stripColumns`.
 *
 * @example
 * const { stacks } = layoutStacks([{ id: 'conv1', label: 'conv1', shape: [1, 8, 26, 26] }]);
 * stacks[0].atlas.count; // 8 planes
 */
export function layoutStacks(layers: readonly LayerShape[], options: StackLayoutOptions = {}): StackLayout {
  const { worldSize = 4, channelSpacing = 0.06, maxStackDepth = 4, stackGap = 1.5, stripColumns = 256 } = options;
  const ids = new Set<string>();
  for (const layer of layers) {
    if (ids.has(layer.id)) throw new Error(`layoutStacks: layer id "${layer.id}" appears twice; each node gets one stack`);
    ids.add(layer.id);
    const rank = layer.shape.length;
    if ((rank !== 4 && rank !== 2) || layer.shape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new Error(`layoutStacks: layer "${layer.id}" must have shape [N,C,H,W] or [N,F], got [${layer.shape.join(',')}]`);
    }
  }
  const largest = Math.max(1, ...layers.filter((l) => l.shape.length === 4).map((l) => Math.max(l.shape[2], l.shape[3])));
  const unit = worldSize / largest;
  let z = 0;
  const stacks = layers.map((layer): NodeStackLayout => {
    const base = { id: layer.id, caption: stackCaption(layer.label, layer.shape), shape: layer.shape.slice(1) };
    if (layer.shape.length === 2) {
      const features = layer.shape[1];
      const columns = Math.min(features, stripColumns);
      const atlas = packAtlas(1, Math.ceil(features / columns), columns);
      const stack = { ...base, kind: 'strip' as const, atlas, width: worldSize, height: (worldSize * atlas.cellHeight) / columns, depthStart: z, depthEnd: z, spacing: 0 };
      z += stackGap;
      return stack;
    }
    const [, channels, height, width] = layer.shape;
    const spacing = channels > 1 ? Math.min(channelSpacing, maxStackDepth / (channels - 1)) : 0;
    const depthStart = z;
    const depthEnd = z + spacing * (channels - 1);
    z = depthEnd + stackGap;
    return { ...base, kind: 'maps', atlas: packAtlas(channels, height, width), width: width * unit, height: height * unit, depthStart, depthEnd, spacing };
  });
  const deepest = stacks.length > 0 ? stacks[stacks.length - 1].depthEnd : 0;
  const halfExtent = Math.max(0, ...stacks.map((s) => Math.hypot(s.width, s.height) / 2));
  // `- 0` keeps an empty layout's centre at 0 rather than -0.
  return { stacks, center: [0, 0, -deepest / 2 + 0], radius: Math.hypot(deepest / 2, halfExtent) };
}

/**
 * The unit a click on plane (channel) `plane` at `uv` selects: for maps the channel and pixel, for a
 * strip the feature under the cell (channel = feature index); null past a strip's last feature.
 *
 * @example
 * unitAt(stack, 3, { x: 0, y: 1 }); // { nodeId: stack.id, channel: 3, y: 0, x: 0 }
 */
export function unitAt(stack: NodeStackLayout, plane: number, uv: { x: number; y: number }): { nodeId: string; channel: number; y: number; x: number } | null {
  const { y, x } = pixelAt(stack, uv.x, uv.y);
  if (stack.kind === 'maps') return { nodeId: stack.id, channel: plane, y, x };
  const feature = y * stack.atlas.cellWidth + x;
  return feature < stack.shape[0] ? { nodeId: stack.id, channel: feature, y: 0, x: 0 } : null;
}

/** Which map pixel a point on a plane (uv in [0,1], v up as three.js gives it) falls on. */
export function pixelAt(stack: NodeStackLayout, u: number, v: number): { y: number; x: number } {
  const clamp = (value: number, size: number) => Math.min(size - 1, Math.max(0, Math.floor(value * size)));
  return { y: clamp(1 - v, stack.atlas.cellHeight), x: clamp(u, stack.atlas.cellWidth) };
}
