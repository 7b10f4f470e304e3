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
  /**
   * Backward only: false when no caller needs the gradients toward this node's inputs (a first
   * layer in training: nothing before it learns). A spec may then skip them and return
   * `inputs: []`; undefined means they are needed.
   */
  inputGradients?: boolean;
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

/** A constant tensor of an ONNX file (an initialiser or a Constant node's value) as float32. */
export interface OnnxConstant {
  shape: number[];
  data: Float32Array;
}

/** An attribute's value: ints and floats as numbers, strings as text, a tensor as a constant. */
export type OnnxAttributeValue = number | number[] | string | OnnxConstant;

/** A node as ONNX stores it, attributes decoded (the mappings never see protobuf). */
export interface OnnxNodeLike {
  opType: string;
  /** Value names; '' for an optional input left out. */
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttributeValue>;
  name?: string;
}

/** What a kind's ONNX import sees of one node. */
export interface OnnxImportArgs {
  node: OnnxNodeLike;
  /** The version of the default ("ai.onnx") operator set the model imports, 9 to 21. */
  opset: number;
  /** Per sample (no batch axis) shape of each input that carries data; undefined for constants and absent inputs. */
  inputShapes: (number[] | undefined)[];
  /** The constant behind input i (an initialiser or a Constant node's output), if it is one. */
  constant(index: number): OnnxConstant | undefined;
}

/** A node read back as a layer: its params, which inputs carry data (in port order), and its tensors. */
export interface OnnxImported<P> {
  params: P;
  dataInputs: number[];
  weight?: OnnxConstant;
  bias?: OnnxConstant;
  buffers?: Record<string, OnnxConstant>;
}

/** What a kind's ONNX export gets: its params, shapes, value names and tensors. */
export interface OnnxExportArgs<P> {
  params: P;
  io: LayerIo;
  /** Value names of the data inputs (in port order) and of the output. */
  inputs: string[];
  output: string;
  /** A file-wide unique value name for this node's extra values, e.g. `name('weight')` = `conv1.weight`. */
  name(suffix: string): string;
  weight?: OnnxConstant;
  bias?: OnnxConstant;
  buffers: Record<string, OnnxConstant>;
}

/** The ONNX nodes a layer becomes, in order, and the constants they read (initialisers, by value name). */
export interface OnnxExported {
  nodes: OnnxNodeLike[];
  initializers: Map<string, OnnxConstant>;
}

/**
 * ONNX mapping of a kind (packages/core/src/onnx reads and writes the file). `opTypes` lists the
 * ONNX ops that import as this kind (none for a kind written as several ONNX nodes: those come
 * back through the node metadata the export writes); `unsupported` says why particular params
 * cannot be written as ONNX (undefined when they can); `import` throws a ConvStudioError naming
 * the attribute when a node of one of its ops cannot be read as this kind.
 */
export interface OnnxMapping<P> {
  opTypes: readonly string[];
  unsupported?(params: P, io: LayerIo): string | undefined;
  export(args: OnnxExportArgs<P>): OnnxExported;
  import(args: OnnxImportArgs): OnnxImported<P>;
}

/** What a kind's PyTorch mapping sees: its params and shapes. */
export interface PyTorchArgs<P> {
  params: P;
  io: LayerIo;
}

/** A `torch.nn` module expression and where our tensors go in its state_dict. */
export interface PyTorchModule {
  /** Python code building the module, e.g. `nn.Conv2d(3, 8, kernel_size=(3, 3))`. */
  code: string;
  /** Our tensor names (weight, bias, runningMean, ...) to the module's state_dict keys; default the same name. */
  keys?: Record<string, string>;
}

/**
 * PyTorch mapping of a kind (`convstudio export --pytorch`): a module built in `__init__`, or
 * for kinds without parameters that join inputs (add, concat) the forward expression `call`.
 * Custom modules (the document's up-convolution and min-max normalise) are defined in the
 * generated model.py.
 */
export interface PyTorchMapping<P> {
  module?(args: PyTorchArgs<P>): PyTorchModule;
  call?(args: PyTorchArgs<P> & { inputs: string[] }): string;
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
  defaultInit: 'he' | 'xavier' | 'zeros' | 'ones';
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
  /** How the kind is written to and read from ONNX files. */
  onnx: OnnxMapping<P>;
  /** How the kind is written as a PyTorch module (`convstudio export --pytorch`). */
  pytorch: PyTorchMapping<P>;
}
