import { defaultParamsOf, layerParamSchemas, nodeSpec, type FieldType, type NodeKind } from '@convstudio/core';

/**
 * How a parameter is edited: a whole number, any finite number, a size that is one number or a
 * pair `[h, w]`, a convolution padding (a number, a pair, four numbers, or `'same'`/`'valid'`),
 * one of a few words, or a checkbox.
 */
export type { FieldType };

/** One editable parameter of a node kind. */
export interface FieldDescriptor {
  /** The key in the node's `params` (the core op's option name); also the input's `name`. */
  name: string;
  type: FieldType;
  label: string;
  /** One sentence on what the field changes (a tooltip). */
  help: string;
  /** False when the core schema accepts the field left out. Read from the schema, not typed in. */
  required: boolean;
  /** What the core does when an optional field is left out, shown as the placeholder. */
  defaultText?: string;
  /** Choices of an `enum` field; suggestions (`'same'`, `'valid'`) of a `padding` field. */
  options?: readonly string[];
}

// Widgets and words come from each kind's spec in the core (editor.fields); required-ness from
// its zod schema.
function isOptional(kind: NodeKind, name: string): boolean {
  const shape = (layerParamSchemas[kind] as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape;
  return shape[name]?.safeParse(undefined).success ?? true;
}

/**
 * The editable fields of a node kind, in display order.
 *
 * @example
 * paramFields('conv2d').map((f) => f.name); // ['outChannels', 'kernelSize', 'stride', ...]
 * paramFields('relu'); // []
 */
export function paramFields(kind: NodeKind): FieldDescriptor[] {
  return Object.entries(nodeSpec(kind).editor.fields).map(([name, { type, label, help, defaultText, options }]) => ({
    name,
    type,
    label,
    help,
    required: !isOptional(kind, name),
    ...(defaultText === undefined ? {} : { defaultText }),
    ...(options === undefined ? {} : { options }),
  }));
}

/**
 * Valid starting params for a new node of a kind: every required field filled with a
 * sensible value, optional ones left to the core's defaults (the kind's spec `defaults`).
 *
 * @example
 * defaultParams('conv2d'); // { outChannels: 8, kernelSize: 3, padding: 'same' }
 */
export function defaultParams(kind: NodeKind): Record<string, unknown> {
  return defaultParamsOf(kind) as Record<string, unknown>;
}
