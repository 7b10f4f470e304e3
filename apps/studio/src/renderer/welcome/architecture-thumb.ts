import { inferShapes, type Pipeline } from '@convstudio/core';
import { layerCatalog, type LayerGroup } from '@convstudio/ui';

/** One layer's block in a project's thumbnail. */
export interface ThumbBlock {
  id: string;
  group: LayerGroup | 'Input';
  x: number;
  width: number;
  height: number;
}

/**
 * A project's architecture as blocks left to right, for the gallery's thumbnails: a block's
 * height grows with the map's side and its width with the channel count, both on log scales so
 * a 224x224x3 input and a 13x13x256 layer both read (TensorSpace's stacks, flattened).
 *
 * @example
 * architectureThumb(alexNet(), 200, 60).length; // one block per node
 */
export function architectureThumb(pipeline: Pipeline, width: number, height: number): ThumbBlock[] {
  const report = inferShapes(pipeline);
  if (report.issues.length > 0) return [];
  const sized = report.nodes.map(({ node, shapes }) => {
    const [channels, h = 1, w = 1] = shapes.output;
    return { id: node.id, group: node.kind === 'input' ? ('Input' as const) : layerCatalog[node.kind].group, side: Math.log2(1 + Math.max(h, w)), depth: Math.log2(1 + channels) };
  });
  const maxSide = Math.max(...sized.map((s) => s.side), 1);
  const gap = 2;
  const totalDepth = sized.reduce((sum, s) => sum + s.depth, 0) || 1;
  const scale = (width - gap * (sized.length - 1)) / totalDepth;
  let x = 0;
  return sized.map((s) => {
    const block = { id: s.id, group: s.group, x, width: Math.max(1.5, s.depth * scale), height: Math.max(4, (s.side / maxSide) * height) };
    x += block.width + gap;
    return block;
  });
}
