import { batched } from '../backend-registry.js';
import { fail, formatShape } from '../errors.js';
import { checkedSize } from '../limits.js';
import { add } from '../ops/combine.js';
import { keep, type Tensor } from '../tensor.js';
import { type CancelSignal, throwIfCancelled } from './cancel.js';
import { compilePipeline, pipelineHash } from './compile-pipeline.js';
import { createRandom } from '../random.js';
import { type AnyLayerSpec, type ForwardContext, type ForwardMode, type LayerParameters, layerSpec } from './layers/index.js';
import { type BufferStore, initBuffers } from './buffers.js';
import { PipelineError } from './pipeline-issues.js';
import type { LayerNode, Pipeline } from './pipeline-types.js';
import type { Backend } from '../backend.js';
import { initParameters, nodeSeed, parametersToBackend, parametersToCpu, type ParameterStore } from './parameters.js';
import type { ShapeReport } from './shape-inference.js';

export { pipelineHash };

/** Every node's output of one forward pass, by node id (the input node holds the input). */
export type Activations = Map<string, Tensor>;

/** Gradients of one backward pass. */
export interface PipelineGradients {
  /** dL/dInput: a saliency map with the input's shape. */
  input: Tensor;
  /** dL/dW and dL/dB of every learnable layer, by node id. */
  parameters: Map<string, LayerParameters>;
  /** dL/dY of every node reached, by node id. */
  nodes: Map<string, Tensor>;
}

const paramsOf = (node: LayerNode) => node.params as Record<string, unknown>;

/**
 * A checked pipeline with its parameters: shapes inferred, weights built, ready to run forward
 * and backward. Deterministic for a pipeline seed.
 *
 * @example
 * const model = createModel(alexNet());
 * const outputs = model.forward(randn([1, 3, 224, 224]));
 */
export class Model {
  readonly inputId: string;
  readonly outputId: string;
  /** 'eval' (the default: what the studio shows) or 'train' (dropout drops, statistics update). */
  mode: ForwardMode = 'eval';
  private readonly bufferStore: BufferStore;
  private readonly specOf: (kind: string) => AnyLayerSpec;
  /**
   * Forward passes so far: each pass's dropout masks are seeded by it, so a resumed training run
   * sets it back to where its checkpoint was taken.
   */
  forwardCount = 0;
  // The seed each forward pass drew its per-node streams from, so backward can draw them again.
  private readonly passSeeds = new WeakMap<Activations, { seed: number; mode: ForwardMode }>();

  constructor(
    readonly pipeline: Pipeline,
    readonly shapes: ShapeReport,
    readonly parameters: ParameterStore,
    options: ModelOptions = {},
  ) {
    this.specOf = options.specOf ?? layerSpec;
    this.bufferStore = options.buffers ?? initBuffers(shapes, this.specOf);
    this.inputId = shapes.nodes[0].node.id;
    // The sink: the last node in execution order that feeds no other node.
    const fed = new Set(pipeline.edges.map((e) => e.source));
    const sinks = shapes.nodes.filter((n) => !fed.has(n.node.id));
    this.outputId = sinks[sinks.length - 1].node.id;
  }

  /** Switches to training mode (as PyTorch's `module.train()`); returns the model. */
  train(): this {
    this.mode = 'train';
    return this;
  }

  /** Switches to evaluation mode (as PyTorch's `module.eval()`); returns the model. */
  eval(): this {
    this.mode = 'eval';
    return this;
  }

  /**
   * Every node's non-learnable buffers (running statistics), by node id. A train-mode forward
   * updates them through the layer's spec; the optimizer never touches them.
   */
  buffers(): BufferStore {
    return this.bufferStore;
  }

  private context(node: LayerNode, seed: number, mode: ForwardMode): ForwardContext {
    return { mode, random: createRandom(nodeSeed(seed, node.id)), buffers: this.bufferStore.get(node.id) ?? {} };
  }

  /** A hash of the pipeline's structure (kinds, params, edges), for checkpoints. */
  get hash(): string {
    return pipelineHash(this.pipeline);
  }

  /**
   * Moves the parameters to `backend` (e.g. a GPU) so that forward, backward and optimizer steps
   * run there with nothing read back; the CPU backend leaves them as they are.
   *
   * @example
   * model.toBackend(gpu); await withBackend(gpu, () => train(model, data, options));
   */
  toBackend(backend: Backend): void {
    parametersToBackend(this.parameters, backend);
  }

  /** Reads device parameters back to the CPU (to save weights) and frees the device copies. */
  toCpu(): Promise<void> {
    return parametersToCpu(this.parameters);
  }

  /** Checks a batch against the input node: `[N, C, H, W]` with the node's C, H and W. */
  checkInput(x: Tensor): void {
    const [c, h, w] = this.shapes.byId.get(this.inputId)?.shapes.output ?? [];
    if (x.rank !== 4 || x.shape[1] !== c || x.shape[2] !== h || x.shape[3] !== w) {
      fail('pipeline', `input "${this.inputId}"`, `expects a batch [N,${c},${h},${w}], got ${formatShape(x.shape)}`);
    }
  }

  /**
   * Runs every node; returns every node's output (the feature maps the studio shows).
   * An aborted `signal` stops between layers with a {@link CancelledError}. `precomputed` holds
   * outputs an earlier eval-mode pass of the same nodes on the same `x` already gave (the studio
   * shows a big net's first layers before the rest is built): those nodes are not run again.
   * `onOutput` is called after each node's output is set, with the outputs so far (the studio
   * shows the layer an edit changed before a long pass ends); it must not change them.
   */
  forward(x: Tensor, options: ForwardOptions = {}): Activations {
    // One batch of device work: a GPU backend submits the whole pass as one command buffer.
    return batched(() => this.forwardNodes(x, options));
  }

  private forwardNodes(x: Tensor, options: ForwardOptions): Activations {
    const mode = options.mode ?? this.mode;
    const seed = ((this.pipeline.seed ?? 0) + Math.imul(0x9e3779b9, ++this.forwardCount)) >>> 0;
    this.checkInput(x);
    if (options.precomputed && options.precomputed.size > 0 && mode !== 'eval') {
      fail('forward', 'precomputed', `is for eval-mode passes (a train-mode pass updates buffers and draws dropout masks), got mode '${mode}'`);
    }
    // Every output of this batch within the tensor limit, checked before any layer allocates.
    for (const { node, shapes } of this.shapes.nodes) checkedSize(node.kind, `output of node "${node.id}"`, [x.shape[0], ...shapes.output]);
    const outputs: Activations = new Map([[this.inputId, x]]);
    for (const { node, inputIds, shapes } of this.shapes.nodes) {
      if (node.kind === 'input') continue;
      throwIfCancelled(options.signal);
      const given = options.precomputed?.get(node.id);
      if (given) {
        const expected = [x.shape[0], ...shapes.output];
        if (given.rank !== expected.length || given.shape.some((d, i) => d !== expected[i])) {
          fail('forward', `precomputed output of node "${node.id}"`, `must have the node's shape ${formatShape(expected)}, got ${formatShape(given.shape)}`);
        }
        outputs.set(node.id, given);
        options.onOutput?.(node.id, outputs);
        continue;
      }
      const inputs = inputIds.map((id) => outputs.get(id) as Tensor);
      const context = this.context(node, seed, mode);
      const before = { ...context.buffers };
      outputs.set(node.id, this.specOf(node.kind).forward(paramsOf(node), inputs, this.parameters.get(node.id) ?? {}, context));
      // A buffer the spec replaced outlives any tidy scope; the one it replaced is freed.
      for (const [name, t] of Object.entries(context.buffers)) {
        if (t !== before[name]) {
          keep(t);
          before[name]?.dispose();
        }
      }
      options.onOutput?.(node.id, outputs);
    }
    this.passSeeds.set(outputs, { seed, mode });
    return outputs;
  }

  /**
   * Back-propagates `dOutput` (dL/dY of node `from`, default the output node) through the
   * activations of a forward pass, summing gradients where a node feeds several others.
   */
  backward(activations: Activations, dOutput: Tensor, from: string = this.outputId): PipelineGradients {
    // One command buffer for the whole backward pass on a GPU backend (a no-op on the CPU).
    return batched(() => {
      const { parameters, nodes } = this.propagate(activations, dOutput, from, true);
      const input = nodes.get(this.inputId);
      if (!input) fail('backward', 'from', `node "${from}" does not depend on the input`);
      return { input, parameters, nodes };
    });
  }

  /**
   * The learnable layers' gradients alone, as {@link Model.backward} gives them (the same values),
   * without the gradients that only lead back to the input: a training step needs no dL/dInput,
   * and a first convolution's input gradient costs as much as its forward pass.
   *
   * @example
   * optimizer.step(model.parameters, model.parameterGradients(activations, dLogits, 'fc2'));
   */
  parameterGradients(activations: Activations, dOutput: Tensor, from: string = this.outputId): Map<string, LayerParameters> {
    return batched(() => this.propagate(activations, dOutput, from, false).parameters);
  }

  /**
   * Nodes whose output's gradient someone needs: those with a learnable node at or before them
   * (and every node, the input included, when the input's gradient is asked for).
   */
  private gradientNeeded(withInput: boolean): Set<string> {
    const needed = new Set<string>();
    for (const { node, inputIds } of this.shapes.nodes) {
      if (withInput || this.parameters.has(node.id) || inputIds.some((id) => needed.has(id))) needed.add(node.id);
    }
    return needed;
  }

  private propagate(activations: Activations, dOutput: Tensor, from: string, withInput: boolean): { parameters: Map<string, LayerParameters>; nodes: Map<string, Tensor> } {
    const pass = this.passSeeds.get(activations) ?? { seed: 0, mode: this.mode };
    const needed = this.gradientNeeded(withInput);
    const grads = new Map<string, Tensor>([[from, dOutput]]);
    const parameters = new Map<string, LayerParameters>();
    const accumulate = (id: string, g: Tensor) => {
      const existing = grads.get(id);
      grads.set(id, existing ? add(existing, g) : g);
    };
    for (let i = this.shapes.nodes.length - 1; i >= 0; i--) {
      const { node, inputIds } = this.shapes.nodes[i];
      const dy = grads.get(node.id);
      if (!dy || node.kind === 'input' || !needed.has(node.id)) continue;
      const inputs = inputIds.map((id) => activations.get(id) as Tensor);
      const output = activations.get(node.id) as Tensor;
      const context = { ...this.context(node, pass.seed, pass.mode), inputGradients: inputIds.some((id) => needed.has(id)) };
      const result = this.specOf(node.kind).backward(paramsOf(node), dy, inputs, output, this.parameters.get(node.id) ?? {}, context);
      inputIds.forEach((id, k) => {
        if (needed.has(id) && result.inputs[k]) accumulate(id, result.inputs[k]);
      });
      if (result.weight) parameters.set(node.id, { weight: result.weight, ...(result.bias ? { bias: result.bias } : {}) });
    }
    return { parameters, nodes: grads };
  }
}

/** Options of {@link Model.forward}. */
export interface ForwardOptions {
  signal?: CancelSignal;
  mode?: ForwardMode;
  precomputed?: ReadonlyMap<string, Tensor>;
  onOutput?: (nodeId: string, outputs: ReadonlyMap<string, Tensor>) => void;
}

/** Options of the {@link Model} constructor. */
export interface ModelOptions {
  /** Buffers to take instead of building them from the specs (a previous model's, say). */
  buffers?: BufferStore;
  /** The spec of a kind; default the layer registry's (tests pass a test-only spec). */
  specOf?: (kind: string) => AnyLayerSpec;
}

/**
 * Checks a pipeline document (schema, graph, shapes) and builds its parameters.
 * Throws a {@link PipelineError} listing every issue (node id, field, expected and got).
 *
 * @example
 * const model = createModel(JSON.parse(await readFile('net.convstudio.json', 'utf8')));
 */
export function createModel(document: unknown, options: { parameters?: ParameterStore; buffers?: BufferStore } = {}): Model {
  const plan = compilePipeline(document);
  if (!plan.ok) throw new PipelineError(plan.issues);
  return new Model(plan.pipeline, plan.report, options.parameters ?? initParameters(plan.pipeline, plan.report), options.buffers ? { buffers: options.buffers } : {});
}

/**
 * Runs a pipeline document on a batch and returns every node's output.
 *
 * @example
 * const outputs = run(workedExamplePipeline(), syntheticSix());
 * outputs.get('pool1'); // the pooled maps
 */
export function run(document: unknown, input: Tensor): Activations {
  return createModel(document).forward(input);
}
