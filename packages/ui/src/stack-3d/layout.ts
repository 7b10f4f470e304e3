import { packAtlas, type AtlasLayout } from './atlas.js';

/** What the layout needs of a layer: its id, label and tensor shape ([N,C,H,W] or [N,F]). */
export interface LayerShape {
  id: string;
  label: string;
  shape: readonly number[];
}

/** Sizing and spacing knobs, in world units. */
export interface StackLayoutOptions {
  /** Side of the largest map; the others shrink with it, compressed (see {@link planeSides}) (default 4). */
  worldSize?: number;
  /** The smallest map is never less than this fraction of the largest's side (default 0.35). */
  minSideRatio?: number;
  /** A stack shows at most this many channel planes, every k-th channel of a wider layer (default 16). */
  maxPlanes?: number;
  /** Gap between neighbouring channel planes of one stack (default 0.05). */
  channelSpacing?: number;
  /** A stack is never deeper than this; more planes pack tighter (default 1.5). */
  maxStackDepth?: number;
  /** Gap between two stacks: this much plus `stackGapScale` times the larger neighbour's side (default 0.35). */
  stackGap?: number;
  /** See `stackGap` (default 0.25). */
  stackGapScale?: number;
  /** A flat [N,F] layer wraps into rows of at most this many cells; fewer make it about twice as wide as tall (default 256). */
  stripColumns?: number;
}

/** One node's stack: its planes' size and depth positions, and its texture atlas. */
export interface NodeStackLayout {
  id: string;
  /** e.g. "conv1 8×26×26". */
  caption: string;
  /** e.g. "showing 16 of 256 channels" when only some channels are drawn, else "". */
  note: string;
  /** Maps show one plane per drawn channel; strips (flat features) one bar plane. */
  kind: 'maps' | 'strip';
  /** Per-sample shape: [C, H, W] or [F]. */
  shape: number[];
  /** Plane i shows channel i * channelStep (1 unless the layer has more than `maxPlanes` channels; 1 for a strip). */
  channelStep: number;
  /** One atlas cell per drawn plane. */
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

/** An axis-aligned box in world units. */
export interface Bounds {
  min: [number, number, number];
  max: [number, number, number];
}

/** Every stack, plus the scene's box and bounding sphere (to frame the camera). */
export interface StackLayout {
  stacks: NodeStackLayout[];
  bounds: Bounds;
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
 * The side in world units of maps `pixels` wide, when the largest is `largest` pixels and
 * `worldSize` units: proportional while the net's sizes are close (a 24x24 map beside a 28x28
 * one reads as slightly smaller), compressed by a power law when they are far apart, so that a
 * 6x6 map beside a 224x224 input is still `minSideRatio` of its side instead of 3% of it.
 *
 * @example
 * planeSides([224, 55, 6], 4, 0.35); // [4, ~2.7, 1.4]: exponent log(0.35) / log(6/224) ≈ 0.29
 * planeSides([28, 24, 8], 4, 0.25);  // [4, 3.43, 1.14]: linear, 8/28 is over 0.25
 */
export function planeSides(pixels: readonly number[], worldSize: number, minSideRatio: number): number[] {
  if (pixels.length === 0) return [];
  const largest = Math.max(...pixels);
  const smallest = Math.min(...pixels);
  const ratio = smallest / largest;
  const exponent = ratio >= minSideRatio || ratio >= 1 ? 1 : Math.log(minSideRatio) / Math.log(ratio);
  return pixels.map((p) => worldSize * (p / largest) ** exponent);
}

/** How many channels a stack skips between drawn planes, so it shows at most `maxPlanes`. */
export function channelStepFor(channels: number, maxPlanes: number): number {
  return Math.max(1, Math.ceil(channels / Math.max(1, maxPlanes)));
}

function checkLayers(layers: readonly LayerShape[]): void {
  const ids = new Set<string>();
  for (const layer of layers) {
    if (ids.has(layer.id)) throw new Error(`layoutStacks: layer id "${layer.id}" appears twice; each node gets one stack`);
    ids.add(layer.id);
    const rank = layer.shape.length;
    if ((rank !== 4 && rank !== 2) || layer.shape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new Error(`layoutStacks: layer "${layer.id}" must have shape [N,C,H,W] or [N,F], got [${layer.shape.join(',')}]`);
    }
  }
}

/**
 * Lays the layers out as stacks of planes along -z (the depth axis), in the given order: a
 * [N,C,H,W] layer is up to `maxPlanes` planes of W×H (every k-th channel of a wider layer, said
 * in its `note`), a [N,F] layer one plane of F square cells in a grid about twice as wide as
 * tall. Sides follow {@link planeSides}; the gap after a stack grows with its neighbours' sides,
 * so big planes seen at an angle do not hide the next stack.
 *
 * @example
 * const { stacks } = layoutStacks([{ id: 'conv1', label: 'conv1', shape: [1, 64, 55, 55] }]);
 * stacks[0].atlas.count; // 16 planes: channels 0, 4, ..., 60
 * stacks[0].note; // "showing 16 of 64 channels"
 */
export function layoutStacks(layers: readonly LayerShape[], options: StackLayoutOptions = {}): StackLayout {
  const { worldSize = 4, minSideRatio = 0.35, maxPlanes = 16, channelSpacing = 0.05, maxStackDepth = 1.5, stackGap = 0.35, stackGapScale = 0.25, stripColumns = 256 } = options;
  checkLayers(layers);
  // Each layer's grid in texels: a map's H x W, a strip's rows x columns.
  const grids = layers.map((layer): [number, number] => {
    if (layer.shape.length === 4) return [layer.shape[2], layer.shape[3]];
    const features = layer.shape[1];
    const columns = Math.min(features, stripColumns, Math.ceil(Math.sqrt(features)));
    return [Math.ceil(features / columns), columns];
  });
  const sides = planeSides(grids.map(([h, w]) => Math.max(h, w)), worldSize, minSideRatio);
  let z = 0;
  const stacks = layers.map((layer, i): NodeStackLayout => {
    const [rows, columns] = grids[i];
    // The longer side gets the compressed size; the other keeps the map's aspect ratio.
    const scale = sides[i] / Math.max(rows, columns);
    const base = { id: layer.id, caption: stackCaption(layer.label, layer.shape), shape: layer.shape.slice(1), width: columns * scale, height: rows * scale };
    const gapAfter = stackGap + stackGapScale * Math.max(sides[i], sides[i + 1] ?? 0);
    if (layer.shape.length === 2) {
      const stack = { ...base, kind: 'strip' as const, note: '', channelStep: 1, atlas: packAtlas(1, rows, columns), depthStart: z, depthEnd: z, spacing: 0 };
      z += gapAfter;
      return stack;
    }
    const channels = layer.shape[1];
    const channelStep = channelStepFor(channels, maxPlanes);
    const planes = Math.ceil(channels / channelStep);
    const spacing = planes > 1 ? Math.min(channelSpacing, maxStackDepth / (planes - 1)) : 0;
    const depthStart = z;
    const depthEnd = z + spacing * (planes - 1);
    z = depthEnd + gapAfter;
    const note = channelStep > 1 ? `showing ${planes} of ${channels} channels` : '';
    return { ...base, kind: 'maps', note, channelStep, atlas: packAtlas(planes, rows, columns), depthStart, depthEnd, spacing };
  });
  const bounds = boundsOf(stacks);
  const center = bounds.min.map((v, k) => (v + bounds.max[k]) / 2 + 0) as [number, number, number];
  const radius = Math.hypot(...bounds.max.map((v, k) => (v - bounds.min[k]) / 2));
  return { stacks, bounds, center, radius };
}

/**
 * The box around every plane of every stack (zero at the origin for no stacks).
 *
 * @example
 * boundsOf(layoutStacks(layers).stacks).max[1]; // half the tallest plane's height
 */
export function boundsOf(stacks: readonly NodeStackLayout[]): Bounds {
  if (stacks.length === 0) return { min: [0, 0, 0], max: [0, 0, 0] };
  const halfWidth = Math.max(...stacks.map((s) => s.width / 2));
  const halfHeight = Math.max(...stacks.map((s) => s.height / 2));
  // `+ 0` keeps a zero at 0 rather than -0.
  return { min: [-halfWidth, -halfHeight, -stacks[stacks.length - 1].depthEnd + 0], max: [halfWidth, halfHeight, -stacks[0].depthStart + 0] };
}

/**
 * The 8 corners of each stack's box (x, y, z; 24 numbers a stack), for projecting stacks to the
 * screen and fitting the camera.
 *
 * @example
 * stackCorners(stacks).length; // stacks.length * 24
 */
export function stackCorners(stacks: readonly NodeStackLayout[]): Float32Array {
  const corners = new Float32Array(stacks.length * 24);
  stacks.forEach((s, i) => {
    let k = i * 24;
    for (const z of [-s.depthStart, -s.depthEnd]) {
      for (const y of [s.height / 2, -s.height / 2]) {
        for (const x of [-s.width / 2, s.width / 2]) {
          corners[k++] = x;
          corners[k++] = y;
          corners[k++] = z;
        }
      }
    }
  });
  return corners;
}

/**
 * The unit a click on plane `plane` at `uv` selects: for maps the plane's channel and pixel, for a
 * strip the feature under the cell (channel = feature index); null past a strip's last feature.
 *
 * @example
 * unitAt(stack, 3, { x: 0, y: 1 }); // { nodeId: stack.id, channel: 3, y: 0, x: 0 }
 */
export function unitAt(stack: NodeStackLayout, plane: number, uv: { x: number; y: number }): { nodeId: string; channel: number; y: number; x: number } | null {
  const { y, x } = pixelAt(stack, uv.x, uv.y);
  if (stack.kind === 'maps') return { nodeId: stack.id, channel: plane * stack.channelStep, y, x };
  const feature = y * stack.atlas.cellWidth + x;
  return feature < stack.shape[0] ? { nodeId: stack.id, channel: feature, y: 0, x: 0 } : null;
}

/** Which map pixel a point on a plane (uv in [0,1], v up as three.js gives it) falls on. */
export function pixelAt(stack: NodeStackLayout, u: number, v: number): { y: number; x: number } {
  const clamp = (value: number, size: number) => Math.min(size - 1, Math.max(0, Math.floor(value * size)));
  return { y: clamp(1 - v, stack.atlas.cellHeight), x: clamp(u, stack.atlas.cellWidth) };
}
