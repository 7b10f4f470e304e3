import { layerParamSchemas, type NodeKind } from '@convstudio/core';

/**
 * How a parameter is edited: a whole number, any finite number, a size that is one number or a
 * pair `[h, w]`, a convolution padding (a number, a pair, four numbers, or `'same'`/`'valid'`),
 * one of a few words, or a checkbox.
 */
export type FieldType = 'int' | 'number' | 'pair' | 'padding' | 'enum' | 'boolean';

/** One editable parameter of a node kind. */
export interface FieldDescriptor {
  /** The key in the node's `params` (the core op's option name); also the input's `name`. */
  name: string;
  type: FieldType;
  label: string;
  /** False when the core schema accepts the field left out. Read from the schema, not typed in. */
  required: boolean;
  /** What the core does when an optional field is left out, shown as the placeholder. */
  defaultText?: string;
  /** Choices of an `enum` field; suggestions (`'same'`, `'valid'`) of a `padding` field. */
  options?: readonly string[];
}

type Row = [name: string, type: FieldType, label: string, defaultText?: string, options?: readonly string[]];

// The table says only what a schema cannot: which widget and which words. Field names and
// required-ness come from core's zod schemas, and a test checks the table covers every field.
const table: Record<NodeKind, Row[]> = {
  input: [['channels', 'int', 'Channels'], ['height', 'int', 'Height'], ['width', 'int', 'Width']],
  conv2d: [
    ['outChannels', 'int', 'Output channels'],
    ['kernelSize', 'pair', 'Kernel size'],
    ['stride', 'pair', 'Stride', '1'],
    ['padding', 'padding', 'Padding', '0', ['valid', 'same']],
    ['dilation', 'pair', 'Dilation', '1'],
    ['groups', 'int', 'Groups', '1'],
    ['bias', 'boolean', 'Bias', 'true'],
  ],
  convTranspose2d: [
    ['outChannels', 'int', 'Output channels'],
    ['kernelSize', 'pair', 'Kernel size'],
    ['stride', 'pair', 'Stride', '1'],
    ['padding', 'pair', 'Padding', '0'],
    ['outputPadding', 'pair', 'Output padding', '0'],
    ['dilation', 'pair', 'Dilation', '1'],
    ['groups', 'int', 'Groups', '1'],
    ['bias', 'boolean', 'Bias', 'true'],
  ],
  upConvolution: [
    ['outChannels', 'int', 'Output channels'],
    ['kernelSize', 'pair', 'Kernel size'],
    ['factor', 'int', 'Factor', '2'],
    ['padding', 'pair', 'Padding', '0'],
    ['bias', 'boolean', 'Bias', 'true'],
  ],
  maxPool2d: [
    ['kernelSize', 'pair', 'Kernel size'],
    ['stride', 'pair', 'Stride', 'kernel size'],
    ['padding', 'pair', 'Padding', '0'],
    ['dilation', 'pair', 'Dilation', '1'],
    ['ceilMode', 'boolean', 'Ceil mode', 'false'],
  ],
  avgPool2d: [
    ['kernelSize', 'pair', 'Kernel size'],
    ['stride', 'pair', 'Stride', 'kernel size'],
    ['padding', 'pair', 'Padding', '0'],
    ['ceilMode', 'boolean', 'Ceil mode', 'false'],
    ['countIncludePad', 'boolean', 'Count padding', 'true'],
  ],
  globalAvgPool2d: [],
  relu: [],
  leakyRelu: [['negativeSlope', 'number', 'Negative slope', '0.01']],
  sigmoid: [],
  tanh: [],
  flatten: [],
  linear: [['outFeatures', 'int', 'Output features'], ['bias', 'boolean', 'Bias', 'true']],
  softmax: [['dim', 'int', 'Axis', '1 (channels)']],
  normalize: [
    ['min', 'number', 'Minimum', '0'],
    ['max', 'number', 'Maximum', '255'],
    ['scope', 'enum', 'Scope', 'tensor', ['tensor', 'sample', 'map']],
  ],
  add: [],
  concat: [['axis', 'int', 'Axis', '1 (channels)']],
};

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
  return table[kind].map(([name, type, label, defaultText, options]) => ({
    name,
    type,
    label,
    required: !isOptional(kind, name),
    ...(defaultText === undefined ? {} : { defaultText }),
    ...(options === undefined ? {} : { options }),
  }));
}

/**
 * Valid starting params for a new node of a kind: every required field filled with a
 * sensible value, optional ones left to the core's defaults.
 *
 * @example
 * defaultParams('conv2d'); // { outChannels: 8, kernelSize: 3, padding: 'same' }
 */
export function defaultParams(kind: NodeKind): Record<string, unknown> {
  switch (kind) {
    case 'input':
      return { channels: 1, height: 28, width: 28 };
    case 'conv2d':
      // 'same' so a new convolution fits between existing layers without changing H and W.
      return { outChannels: 8, kernelSize: 3, padding: 'same' };
    case 'convTranspose2d':
      return { outChannels: 8, kernelSize: 2, stride: 2 };
    case 'upConvolution':
      return { outChannels: 8, kernelSize: 3, padding: 1 };
    case 'maxPool2d':
    case 'avgPool2d':
      return { kernelSize: 2 };
    case 'linear':
      return { outFeatures: 10 };
    default:
      return {};
  }
}
