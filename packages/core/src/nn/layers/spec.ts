import type { z } from 'zod';
import type { DocumentEstimate } from '../../analysis/conv-cost-estimate.js';
import type { Random } from '../../random.js';
import type { Tensor } from '../../tensor.js';
import type { AxisField } from './field-math.js';

// One `LayerSpec` per layer kind holds everything the library, the analyses and the editor know
// about it, so adding a kind means adding one file in this folder and one line in index.ts.
// Shapes here are per sample (no batch axis): [C, H, W] for maps, [F] for flat features.

/** A layer's learnable tensors. */
export interface LayerParameters {
  weight?: Tensor;
  bias?: Tensor;
}

/** Shapes a layer produces: its per-sample output, its parameters' and its buffers'. */
export interface LayerShapes {
  output: number[];
  weight?: number[];
  bias?: number[];
  /** Non-learnable state (running statistics), by buffer name; see {@link LayerSpec.buffers}. */
  buffers?: Record<string, number[]>;
}

/** Gradients of one layer: for each input, and for its parameters. */
export interface LayerGradients {
  inputs: Tensor[];
  weight?: Tensor;
  bias?: Tensor;
}

/** Whether a forward pass trains (dropout drops, running statistics update) or evaluates. */
export type ForwardMode = 'train' | 'eval';

/**
 * What a layer's forward and backward see besides its inputs and parameters.
 * `random` is seeded per forward pass and node, and backward gets a generator with the same seed
 * as its forward pass, so a dropout mask can be drawn again instead of stored.
 */
export interface ForwardContext {
  mode: ForwardMode;
  random: Random;
  /** This node's buffers; a train-mode forward may replace entries (the model keeps them). */
  buffers: Record<string, Tensor>;
}

/** A node's input and output shapes, as shape inference found them. */
export interface LayerIo {
  inputShapes: number[][];
  shapes: LayerShapes;
}

/**
 * Multiply-accumulates and FLOPs per sample (conventions in analysis/cost.ts). Parameter counts
 * and activation memory follow from the shapes and are counted there for every kind alike.
 */
export interface LayerCost {
  macs: number;
  flops: number;
  /** conv2d only: the source document's approximate formula beside the exact `macs`. */
  documentEstimate?: DocumentEstimate;
}

/** One node's receptive field (conventions in analysis/receptive-field.ts). */
export interface LayerField {
  height: AxisField;
  width: AxisField;
  /** The node mixes every position of a map (global pooling, flatten, dense layers after them). */
  global: boolean;
  /** Caveats, e.g. inputs of an add that step through the image at different rates. */
  notes: string[];
}

/** How a parameter is edited in the studio: see ui's ParamField. */
export type FieldType = 'int' | 'number' | 'pair' | 'padding' | 'enum' | 'boolean';

/** The words and widget of one parameter field. */
export interface FieldMeta {
  type: FieldType;
  label: string;
  /** One sentence for a tooltip: what the field changes. */
  help: string;
  /** What the core does when an optional field is left out, shown as the placeholder. */
  defaultText?: string;
  /** Choices of an `enum` field; suggestions of a `padding` field. */
  options?: readonly string[];
}

/** The palette's sections, in the order a network is usually built. */
export const layerGroups = ['Convolution', 'Pooling', 'Activation', 'Dense', 'Normalisation', 'Combine', 'Regularisation'] as const;
export type LayerGroup = (typeof layerGroups)[number];

/** How the editor presents a kind: every schema field needs an entry (a typecheck error otherwise). */
export interface EditorMeta<P> {
  /** Readable name ("Conv 2D", not the kind's camelCase). */
  title: string;
  /** Prefix of new nodes' ids, as the templates name them (conv1, pool1, fc1). */
  idPrefix: string;
  /** One line on what the layer does. */
  description: string;
  /** Every parameter field in display order. */
  fields: { [F in keyof P]-?: FieldMeta };
}

/** A node as ONNX stores it (what the later ONNX issue reads and writes). */
export interface OnnxNodeLike {
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, number | number[] | string>;
}

/**
 * ONNX mapping of a kind (filled by the ONNX issue). `opTypes` lists the ONNX ops that import as
 * this kind; `export` writes one node (weights as initialisers named by the caller), `import`
 * reads the kind's params back.
 */
export interface OnnxMapping<P> {
  opTypes: readonly string[];
  export(params: P, io: LayerIo, names: { inputs: string[]; output: string; weight?: string; bias?: string }): OnnxNodeLike[];
  import(node: OnnxNodeLike, inputShapes: number[][]): P;
}

/** PyTorch mapping of a kind: the `torch.nn` module expression, e.g. `nn.Conv2d(3, 8, 3)`. */
export interface PyTorchMapping<P> {
  module(params: P, io: LayerIo): string;
}

/** What every node kind has, the input node included. */
export interface NodeSpec<P> {
  /** zod schema of the node's `params`; field names are the core ops' option names. */
  schema: z.ZodType<P>;
  /** The params a new node gets in the editor: required fields filled, must parse. */
  defaults: P;
  /** How many incoming edges: none (the input), exactly one, or two or more. */
  arity: 'none' | 'one' | 'many';
  editor: EditorMeta<P>;
}

/** Learnable parameters: shapes come from {@link LayerSpec.infer}, values from the node's `weight`. */
export interface LearnableSpec {
  /** Initialisation when the node names none. */
  defaultInit: 'he' | 'xavier' | 'zeros';
  /** Whether the weight may be built from 2D kernel presets (convolutions). */
  kernelPresets: boolean;
}

/** A non-learnable buffer (running mean, say): its shape from {@link LayerShapes.buffers}. */
export interface BufferSpec {
  /** Every element's initial value (0 for a running mean, 1 for a running variance). */
  initial: number;
}

/**
 * Everything about one layer kind. Forward and backward call core ops (so they run on the
 * current Backend); every function throws a ConvStudioError naming the kind and field on bad input.
 */
export interface LayerSpec<P> extends NodeSpec<P> {
  arity: 'one' | 'many';
  group: LayerGroup;
  /** Present for kinds with a weight (and maybe a bias). */
  learnable?: LearnableSpec;
  /** Non-learnable state by name; the optimizer never touches it. */
  buffers?: Record<string, BufferSpec>;
  /** Output (and parameter, buffer) shapes from the inputs' shapes. */
  infer(params: P, inputs: number[][]): LayerShapes;
  forward(params: P, inputs: Tensor[], parameters: LayerParameters, context: ForwardContext): Tensor;
  backward(params: P, dy: Tensor, inputs: Tensor[], output: Tensor, parameters: LayerParameters, context: ForwardContext): LayerGradients;
  cost(params: P, io: LayerIo): LayerCost;
  /** The node's receptive field from its inputs' fields (one per input, in port order). */
  receptiveField(params: P, io: LayerIo, inputs: readonly LayerField[]): LayerField;
  /**
   * The golden fixture op (testing/fixtures/<op>.json) and gradient problem whose inputs and
   * params this kind's forward and backward take; the completeness test runs them through it.
   */
  conformanceOp: string;
  onnx?: OnnxMapping<P>;
  pytorch?: PyTorchMapping<P>;
}
