import { product } from './shape-helpers.js';
import { windowField } from './field-math.js';
import type { LayerCost, LayerField, LayerIo } from './spec.js';

/** Cost of an elementwise layer: `perElement` FLOPs per output element, no MACs. */
export const elementwiseCost =
  (perElement: number) =>
  (_params: unknown, { shapes }: LayerIo): LayerCost => ({ macs: 0, flops: perElement * product(shapes.output) });

/** Cost of a weighted layer: 2 FLOPs per MAC plus one add per output element for a bias. */
export function weightedCost(macs: number, { shapes }: LayerIo): LayerCost {
  return { macs, flops: 2 * macs + (shapes.bias ? product(shapes.output) : 0) };
}

/** An input's field as this node's, without the input's notes (or any other property it carries). */
export const sameField = (first: LayerField): LayerField => ({ height: first.height, width: first.width, global: first.global, notes: [] });

/** The receptive field of an elementwise layer: its input's, unchanged. */
export const keepField = (_params: unknown, _io: LayerIo, [first]: readonly LayerField[]): LayerField => sameField(first);

/** A layer that sees whole maps: a window as large as its input map, `global`. */
export function wholeMapField(io: LayerIo, first: LayerField): LayerField {
  const [, h, w] = io.inputShapes[0];
  return { height: windowField(first.height, h, h, 0, 1), width: windowField(first.width, w, w, 0, 1), global: true, notes: [] };
}
