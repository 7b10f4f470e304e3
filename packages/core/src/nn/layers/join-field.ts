import { unionField } from './field-math.js';
import type { LayerField } from './spec.js';

/**
 * The field of a join (add, concat): the hull of its inputs' unit-0 fields, with a note when the
 * inputs step through the image at different rates or are joined along a spatial axis.
 */
export function joinField(inputs: readonly LayerField[], spatialJoin: boolean): LayerField {
  const [first] = inputs;
  const jumps = [...new Set(inputs.flatMap((i) => [i.height.jump, i.width.jump]))];
  const sameJumps = inputs.every((i) => i.height.jump === first.height.jump && i.width.jump === first.width.jump);
  const notes = sameJumps ? [] : [`inputs step through the image at different rates (jumps ${jumps.join(', ')}): the field is exact for unit (0, 0) only, other units' fields are approximate`];
  if (spatialJoin) notes.push('joined along a spatial axis: units past the first input come from the next one, so positions there do not follow this field');
  return {
    height: unionField(inputs.map((i) => i.height)),
    width: unionField(inputs.map((i) => i.width)),
    global: inputs.some((i) => i.global),
    notes,
  };
}
