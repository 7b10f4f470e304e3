import type { KernelPresetName } from '../data/kernel-presets.js';
import type { LayerKind, NodeKind, ParamsOf, ParameterizedKind } from './layer-params.js';

/** The pipeline format version this library writes and reads. */
export const PIPELINE_VERSION = 1;

/**
 * Values written into a layer: plain numbers (typed in, or read from JSON) or a Float32Array (how
 * hosts such as the studio keep large trained or imported layers without converting millions of
 * values). A Float32Array held in a pipeline is never changed in place: an edit makes a new one.
 * Writers turn it into numbers (or a sidecar tensor) before JSON: see `takeNodeValues`.
 */
export type NodeValues = number[] | Float32Array;

/** Where a layer's weight comes from. */
export type WeightSource =
  /** Random initialisation (He for ReLU networks, Xavier otherwise), or constant zeros or ones (a batch norm's scale). */
  | { init: 'he' | 'xavier' | 'zeros' | 'ones'; seed?: number }
  /** Values typed in by hand, flat row-major in the weight's shape. */
  | { values: NodeValues }
  /** One 2D preset per output channel, repeated over its input channels (kernel size must match). */
  | { presets: KernelPresetName[] };

/** A node of a pipeline: the input or a layer with its core-op parameters. */
export type PipelineNode = {
  [K in NodeKind]: {
    id: string;
    kind: K;
    params: ParamsOf<K>;
    label?: string;
    /** Learnable layers only. Default: He initialisation with the pipeline's seed. */
    weight?: K extends ParameterizedKind ? WeightSource : never;
    /** Bias values typed in by hand (one per output channel); default zeros. */
    biasValues?: K extends ParameterizedKind ? NodeValues : never;
    /**
     * Non-learnable buffers by name (a batch norm's `runningMean`, `runningVar`), flat, as
     * trained or imported; a buffer not given starts at its spec's initial value. Not structure:
     * the pipeline hash ignores it, as it ignores the weights.
     */
    bufferValues?: K extends ParameterizedKind ? Record<string, NodeValues> : never;
    /** A frozen layer keeps its weights during training (a hand-made kernel, say). */
    frozen?: K extends ParameterizedKind ? boolean : never;
    /** Where the node sits in the editor; ignored by the core. */
    position?: { x: number; y: number };
  };
}[NodeKind];

/** A node of one kind. */
export type NodeOf<K extends NodeKind> = Extract<PipelineNode, { kind: K }>;
export type LayerNode = Exclude<PipelineNode, { kind: 'input' }>;

/** Data flows from `source` to `target`; `port` orders the inputs of add and concat. */
export interface PipelineEdge {
  source: string;
  target: string;
  port?: number;
}

/**
 * A pipeline as data: one input node, layers, and the edges between them (a DAG, so FCN-style
 * skips through add and concat are possible). This is what the studio saves and the CLI reads.
 */
export interface Pipeline {
  format: 'convstudio-pipeline';
  version: typeof PIPELINE_VERSION;
  name?: string;
  description?: string;
  /** Seed for every initialisation that does not name its own. */
  seed?: number;
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

/** One problem with a pipeline document, precise enough to mark the node and field in the editor. */
export interface PipelineIssue {
  /** The node at fault, when there is one. */
  nodeId?: string;
  /** The field at fault, e.g. `params.stride`, `edges[3].target`, `version`. */
  field: string;
  /** What was expected and what came, in words. */
  detail: string;
  /** `node "conv1" (conv2d): params.stride: ...`, ready to show. */
  message: string;
}

export type { LayerKind, NodeKind };
