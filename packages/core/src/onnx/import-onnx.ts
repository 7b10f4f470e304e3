import type { GraphProto, NodeProto } from 'onnx-buf';
import { ConvStudioError } from '../errors.js';
import { type CancelSignal, throwIfCancelled } from '../nn/cancel.js';
import { compilePipeline } from '../nn/compile-pipeline.js';
import { type AnyLayerSpec, layerKinds, layerSpec, type LayerKind } from '../nn/layers/index.js';
import type { OnnxConstant, OnnxImportArgs, OnnxNodeLike } from '../nn/layers/spec.js';
import { PIPELINE_VERSION, type Pipeline, type PipelineEdge, type PipelineNode } from '../nn/pipeline-types.js';
import type { NamedTensors } from '../project/weights-sidecar.js';
import { decodeAttributes } from './attributes.js';
import { restoredPipeline } from './restore-pipeline.js';
import { matchesExport, nodeGroups } from './node-groups.js';
import { onnxError, OnnxUnsupportedError, type UnsupportedNode } from './onnx-error.js';
import { checkOnnxSize, graphInput, isDefaultDomain, ONNX_MAX_BYTES, readModel } from './read-model.js';
import { foldShapeNode, SHAPE_OPS, shapeConstant, ShapeFoldError, type ShapeNode } from './shape-folding.js';
import { type GraphValue, IdMaker, ValueTable } from './value-table.js';

/** Where an import is: `fraction` of the whole, 0 to 1. */
export interface OnnxImportProgress {
  stage: 'reading' | 'converting' | 'checking' | 'done';
  fraction: number;
}

/** Options of {@link importOnnx}. */
export interface ImportOnnxOptions {
  /** Called as the import goes (decoding, then tensors converted, then the pipeline checked). */
  onProgress?(progress: OnnxImportProgress): void;
  /** Largest file accepted, in bytes; default {@link ONNX_MAX_BYTES} (1 GiB). */
  maxBytes?: number;
  /** Stops the import between nodes with a CancelledError. */
  signal?: CancelSignal;
}

/** What an import found, for the user: where the model comes from and what it became. */
export interface OnnxImportSummary {
  producer: string;
  irVersion: number;
  opset: number;
  graphName: string;
  fileBytes: number;
  /** Nodes in the file and layers in the pipeline (Identity, Constant and fused biases vanish). */
  onnxNodes: number;
  layers: number;
  /** Layers per kind. */
  kinds: Record<string, number>;
  /** Learnable values (weights and biases). */
  parameters: number;
  /** Per-sample input and output shapes. */
  input: number[];
  output: number[];
  /** Things the user may want to know (ops folded away, the ConvStudio document restored). */
  notes: string[];
}

/** A model read from ONNX: the pipeline, its tensors by name (`<node>.weight`, `<node>.runningMean`), and a summary. */
export interface OnnxImport {
  pipeline: Pipeline;
  weights: NamedTensors;
  summary: OnnxImportSummary;
}

interface Layer {
  node: PipelineNode;
  inputs: string[];
}

/** Every ONNX op the importer reads, for messages: the kinds' ops and the ones it folds away. */
export const supportedOnnxOps: readonly string[] = [...new Set([...layerKinds.flatMap((k) => layerSpec(k).onnx.opTypes), 'Constant', 'Identity', 'Pad', ...SHAPE_OPS])].sort();

const kindOfOp = new Map<string, LayerKind>(layerKinds.flatMap((kind) => layerSpec(kind).onnx.opTypes.map((op) => [op, kind] as [string, LayerKind])));

/**
 * Reads an ONNX model (opsets 9 to 21) as a pipeline and its weights. Every node is mapped by
 * its kind's `onnx.import` (see the layer registry); a model with any node that cannot be read
 * is refused as a whole, listing each such node. Bytes that are damaged, cut short or too many
 * are refused with a clear error. Weights may be views on `bytes` (no copy): hand over bytes you
 * no longer change.
 *
 * @example
 * const { pipeline, weights, summary } = importOnnx(new Uint8Array(await readFile('lenet.onnx')));
 * const model = modelFromNamedTensors(pipeline, weights);
 */
export function importOnnx(bytes: Uint8Array, options: ImportOnnxOptions = {}): OnnxImport {
  checkOnnxSize(bytes.byteLength, options.maxBytes ?? ONNX_MAX_BYTES);
  const report = (stage: OnnxImportProgress['stage'], fraction: number) => options.onProgress?.({ stage, fraction });
  report('reading', 0);
  const { model, graph, opset } = readModel(bytes);
  report('reading', 0.2);
  const totalBytes = Math.max(1, graph.initializer.reduce((sum, t) => sum + t.rawData.length + t.floatData.length * 4, 0));
  const values = new ValueTable((done) => report('converting', 0.2 + (0.7 * done) / totalBytes));
  const importer = new GraphImporter(graph, opset, values, options.signal);
  const { pipeline: imported, weights, notes } = importer.run();
  report('checking', 0.9);
  const restored = restoredPipeline(model.metadataProps, imported);
  const pipeline = restored ?? imported;
  if (restored) notes.push('The file was written by ConvStudio: its pipeline (names, labels, positions) was restored.');
  const plan = compilePipeline(pipeline);
  if (!plan.ok) throw onnxError('importOnnx', 'graph', `became a pipeline that does not check: ${plan.issues.map((i) => i.message).join('; ')}`);
  const kinds: Record<string, number> = {};
  for (const n of pipeline.nodes) if (n.kind !== 'input') kinds[n.kind] = (kinds[n.kind] ?? 0) + 1;
  const last = plan.report.nodes[plan.report.nodes.length - 1];
  let parameters = 0;
  for (const [name, t] of weights) if (name.endsWith('.weight') || name.endsWith('.bias')) parameters += t.data.length;
  const summary: OnnxImportSummary = {
    producer: `${model.producerName} ${model.producerVersion}`.trim() || 'unknown',
    irVersion: Number(model.irVersion),
    opset,
    graphName: graph.name,
    fileBytes: bytes.byteLength,
    onnxNodes: graph.node.length,
    layers: pipeline.nodes.length - 1,
    kinds,
    parameters,
    input: plan.report.nodes[0].shapes.output,
    output: last.shapes.output,
    notes,
  };
  report('done', 1);
  return { pipeline, weights, summary };
}

/** Walks the graph in order, turning nodes into layers (or into values: Constant, Identity). */
class GraphImporter {
  private readonly ids = new IdMaker();
  private readonly layers: Layer[] = [];
  private readonly weights: NamedTensors = new Map();
  private readonly unsupported: UnsupportedNode[] = [];
  private readonly notes: string[] = [];
  private readonly used = new Set<string>();
  private readonly consumers = new Map<string, number[]>();
  private readonly skipped = new Set<number>();
  /** Zero padding a Pad node adds to the Conv or AveragePool that reads it: [top, left, bottom, right]. */
  private readonly extraPads = new Map<NodeProto, number[]>();
  private inputId = '';

  constructor(
    private readonly graph: GraphProto,
    private readonly opset: number,
    private readonly values: ValueTable,
    private readonly signal: CancelSignal | undefined,
  ) {
    graph.node.forEach((n, i) => n.input.forEach((name) => {
      this.used.add(name);
      this.consumers.set(name, [...(this.consumers.get(name) ?? []), i]);
    }));
    for (const o of graph.output) this.used.add(o.name);
  }

  run(): { pipeline: Pipeline; weights: NamedTensors; notes: string[] } {
    const { graph, values } = this;
    for (const t of graph.initializer) values.set(t.name, { kind: 'const', proto: t });
    const input = graphInput(graph, new Set(graph.initializer.map((t) => t.name)));
    this.inputId = this.ids.take(input.name, 'input');
    values.set(input.name, { kind: 'data', node: this.inputId, shape: input.shape });
    const groups = nodeGroups(graph.node);
    let folded = 0;
    let shapeFolded = 0;
    for (let i = 0; i < graph.node.length; i++) {
      throwIfCancelled(this.signal);
      if (this.skipped.has(i)) continue;
      const node = graph.node[i];
      const where = `node ${i} "${node.name}" (${node.opType})`;
      for (const name of node.input) {
        if (name && !values.has(name)) throw onnxError('importOnnx', where, `reads "${name}", which no earlier node, initialiser or graph input produces: the graph is out of order or damaged`);
      }
      if (!isDefaultDomain(node.domain)) {
        this.refuseNode(node, `is in domain "${node.domain}"; only the default ONNX domain is supported`);
        continue;
      }
      if (node.opType === 'Pad' && this.foldPad(node, i, where)) {
        folded++;
        continue;
      }
      if (node.opType === 'Constant' || node.opType === 'Identity') {
        this.passThrough(node, where);
        folded++;
        continue;
      }
      if (SHAPE_OPS.has(node.opType) && this.foldShape(node, where)) {
        shapeFolded++;
        continue;
      }
      const group = groups.get(i);
      if (group && this.importGroup(group.kind, group.params, i, group.count)) {
        i += group.count - 1;
        continue;
      }
      const kind = kindOfOp.get(node.opType);
      if (!kind) {
        this.refuseNode(node, node.opType === 'Pad' ? 'is supported only as zero padding of H and W read by one Conv or AveragePool' : 'is not supported');
        continue;
      }
      this.importNode(node, kind);
    }
    if (this.unsupported.length > 0) throw new OnnxUnsupportedError(this.unsupported, supportedOnnxOps);
    for (const o of graph.output) {
      if (!values.data(o.name)) throw onnxError('importOnnx', `graph.output "${o.name}"`, 'must be computed from the input (a constant output is not supported)');
    }
    if (shapeFolded > 0) this.notes.push(`${shapeFolded} node${shapeFolded === 1 ? '' : 's'} of shape arithmetic (Shape, Gather, Unsqueeze, Concat, …) computed at import from the declared input size; the batch size stays free.`);
    if (folded > 0) this.notes.push(`${folded} Constant, Identity and Pad node${folded === 1 ? '' : 's'} folded away (a Pad into the padding of the convolution or average pooling after it).`);
    return { pipeline: this.pipeline(input.shape), weights: this.weights, notes: this.notes };
  }

  private pipeline(shape: [number, number, number]): Pipeline {
    const nodes: PipelineNode[] = [{ id: this.inputId, kind: 'input', params: { channels: shape[0], height: shape[1], width: shape[2] } }, ...this.layers.map((l) => l.node)];
    const edges: PipelineEdge[] = this.layers.flatMap((l) =>
      l.inputs.map((source, port) => (layerSpec(l.node.kind).arity === 'many' ? { source, target: l.node.id, port } : { source, target: l.node.id })),
    );
    return { format: 'convstudio-pipeline', version: PIPELINE_VERSION, name: this.graph.name || 'Imported ONNX model', description: 'Imported from ONNX.', seed: 0, nodes, edges };
  }

  private refuseNode(node: NodeProto, reason: string): void {
    this.unsupported.push({ name: node.name, opType: node.opType, ...(isDefaultDomain(node.domain) ? {} : { domain: node.domain }), reason });
    for (const o of node.output) this.values.set(o, { kind: 'unknown' });
  }

  private passThrough(node: NodeProto, where: string): void {
    const attributes = decodeAttributes(node.attribute, where);
    if (node.opType === 'Identity') {
      this.values.set(node.output[0], this.values.get(node.input[0]) as GraphValue);
      return;
    }
    const value = attributes.value ?? attributes.value_float ?? attributes.value_floats ?? attributes.value_int ?? attributes.value_ints;
    if (value === undefined || typeof value === 'string') {
      this.refuseNode(node, `holds a ${Object.keys(attributes).join(', ') || 'missing'} value; only tensors and numbers are supported`);
      return;
    }
    const constant: OnnxConstant =
      typeof value === 'number' ? { shape: [], data: Float32Array.of(value) } : Array.isArray(value) ? { shape: [value.length], data: Float32Array.from(value) } : value;
    this.values.set(node.output[0], { kind: 'const', value: constant });
  }

  /**
   * Shape arithmetic (a Shape of the data, and what is computed from it with constants) becomes a
   * constant at import time (see shape-folding). Other nodes of these ops (a Concat of data, an
   * Add of a bias) are not touched (false). Arithmetic that cannot be folded is refused, with why.
   */
  private foldShape(node: NodeProto, where: string): boolean {
    const { values } = this;
    const present = node.input.filter((name) => name);
    const eligible = node.opType === 'Shape'
      ? present.length === 1 && values.data(present[0]) !== undefined
      : present.length > 0 && present.every((name) => values.get(name)?.kind === 'const') && present.some((name) => values.shapeValue(name));
    if (!eligible) return false;
    const inputs: ShapeNode['inputs'] = node.input.map((name) => {
      if (!name) return undefined;
      const data = values.data(name);
      if (data) return { dataShape: data.shape };
      return values.shapeValue(name) ?? { constant: values.constant(name)! };
    });
    try {
      const value = foldShapeNode({ opType: node.opType, opset: this.opset, attributes: decodeAttributes(node.attribute, where), inputs });
      values.set(node.output[0], { kind: 'const', value: shapeConstant(value), shapeValue: value });
    } catch (error) {
      if (!(error instanceof ShapeFoldError)) throw error;
      this.refuseNode(node, `is shape arithmetic that cannot be computed at import: ${error.message}`);
    }
    return true;
  }

  /** A node's view for the kinds' mappings: outputs nobody reads blanked, attributes decoded, a folded Pad added. */
  private nodeLike(node: NodeProto, where: string): OnnxNodeLike {
    const attributes = decodeAttributes(node.attribute, where);
    const extra = this.extraPads.get(node);
    if (extra) {
      const own = (attributes.pads as number[] | undefined) ?? [0, 0, 0, 0];
      attributes.pads = own.map((p, k) => p + extra[k]);
      if (node.opType === 'AveragePool') attributes.count_include_pad = 1;
    }
    return { opType: node.opType, name: node.name, inputs: [...node.input], outputs: node.output.map((o, j) => (j > 0 && !this.used.has(o) ? '' : o)), attributes };
  }

  /**
   * A zero Pad of H and W before one Conv or AveragePool (how PyTorch writes padded pooling at
   * old opsets) becomes that node's own padding; a Pad of nothing vanishes. Anything else stays a
   * Pad, which is not supported (false).
   */
  private foldPad(node: NodeProto, index: number, where: string): boolean {
    const data = this.values.data(node.input[0]);
    if (!data || data.shape.length !== 3) return false;
    const attributes = decodeAttributes(node.attribute, where);
    const mode = attributes.mode ?? 'constant';
    const pads = this.opset >= 11 ? (node.input[1] ? Array.from(this.values.constant(node.input[1])?.data ?? []) : undefined) : (attributes.pads as number[] | undefined);
    const value = this.opset >= 11 ? (node.input[2] ? this.values.constant(node.input[2])?.data[0] : 0) : ((attributes.value as number | undefined) ?? 0);
    if (mode !== 'constant' || value !== 0 || !pads || pads.length !== 8 || (node.input[3] ?? '') !== '') return false;
    const [nb, cb, top, left, ne, ce, bottom, right] = pads;
    if (nb || cb || ne || ce || pads.some((p) => p < 0)) return false;
    if (top || left || bottom || right) {
      const readers = this.consumers.get(node.output[0]) ?? [];
      const next = readers.length === 1 ? this.graph.node[readers[0]] : undefined;
      if (!next || readers[0] <= index || !['Conv', 'AveragePool'].includes(next.opType) || this.graph.output.some((o) => o.name === node.output[0])) return false;
      const nextAttributes = decodeAttributes(next.attribute, `node "${next.name}"`);
      if ((nextAttributes.auto_pad ?? 'NOTSET') !== 'NOTSET' || this.extraPads.has(next)) return false;
      if (next.opType === 'AveragePool' && nextAttributes.count_include_pad !== 1 && ((nextAttributes.pads as number[] | undefined) ?? []).some((p) => p > 0)) return false;
      this.extraPads.set(next, [top, left, bottom, right]);
    }
    this.values.set(node.output[0], this.values.get(node.input[0]) as GraphValue);
    return true;
  }

  private args(like: OnnxNodeLike): OnnxImportArgs {
    return {
      node: like,
      opset: this.opset,
      inputShapes: like.inputs.map((name) => (name ? this.values.data(name)?.shape : undefined)),
      constant: (index) => (like.inputs[index] ? this.values.constant(like.inputs[index]) : undefined),
    };
  }

  /** One node as a layer of `kind`; refusals go to the list, not out. */
  private importNode(node: NodeProto, kind: LayerKind, paramsFromFile?: Record<string, unknown>): boolean {
    if (node.input.some((name) => name && this.values.get(name)?.kind === 'unknown')) {
      for (const o of node.output) this.values.set(o, { kind: 'unknown' });
      return true;
    }
    try {
      this.addLayer(node, kind, layerSpec(kind), paramsFromFile);
      return true;
    } catch (error) {
      if (!(error instanceof ConvStudioError)) throw error;
      if (paramsFromFile) return false;
      this.refuseNode(node, error.op.startsWith(node.opType) ? `${error.argument} ${error.detail}` : error.message);
      return true;
    }
  }

  private addLayer(node: NodeProto, kind: LayerKind, spec: AnyLayerSpec, paramsFromFile?: Record<string, unknown>): void {
    const where = `node "${node.name}" (${node.opType})`;
    const like = this.nodeLike(node, where);
    if (like.outputs.slice(1).some((o) => o)) throw new ConvStudioError(node.opType, 'outputs', `beyond the first are read by other nodes; only the first output is supported`);
    const imported = spec.onnx.import(this.args(like));
    const fused = kind === 'linear' && node.opType === 'MatMul' ? this.fusedBias(node, imported.weight?.shape[0] ?? 0) : undefined;
    const bias = fused?.bias;
    const params = { ...(paramsFromFile ?? imported.params) };
    if (bias) delete (params as { bias?: boolean }).bias;
    const parsed = spec.schema.safeParse(params);
    if (!parsed.success) throw new ConvStudioError(node.opType, 'attributes', `give ${kind} params ${JSON.stringify(params)} that do not check: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const sources = imported.dataInputs.map((j) => this.values.data(like.inputs[j]));
    if (sources.some((s) => !s)) throw new ConvStudioError(node.opType, 'inputs', 'must be values computed from the input');
    if (spec.arity === 'one' && sources.length !== 1) throw new ConvStudioError(node.opType, 'inputs', `must be one data input, got ${sources.length}`);
    const shapes = spec.infer(parsed.data, sources.map((s) => s!.shape));
    const id = this.ids.take(node.name, spec.editor.idPrefix);
    const tensors: [string, OnnxConstant | undefined, number[] | undefined][] = [
      ['weight', imported.weight, shapes.weight],
      ['bias', bias ?? imported.bias, shapes.bias],
      ...Object.entries(shapes.buffers ?? {}).map(([name, shape]) => [name, imported.buffers?.[name], shape] as [string, OnnxConstant | undefined, number[]]),
    ];
    for (const [name, value, shape] of tensors) {
      if (!shape) continue;
      const size = shape.reduce((a, b) => a * b, 1);
      if (!value || value.data.length !== size) throw new ConvStudioError(node.opType, name, `must hold ${size} values for shape [${shape}], got ${value ? `shape [${value.shape}]` : 'none'}`);
      this.weights.set(`${id}.${name}`, { shape: [...shape], data: value.data });
    }
    this.layers.push({ node: { id, kind, params: parsed.data } as PipelineNode, inputs: sources.map((s) => s!.node) });
    this.values.set(node.output[0], { kind: 'data', node: id, shape: shapes.output });
    if (fused) {
      this.skipped.add(fused.add);
      this.values.set(fused.output, { kind: 'data', node: id, shape: shapes.output });
    }
    if (bias) this.notes.push(`MatMul "${node.name}" and the Add after it were joined into dense layer "${id}" with a bias.`);
  }

  /**
   * The constant of an Add that only adds a bias to this MatMul's output (the way exporters write
   * a dense layer without Gemm): the Add is then skipped and its output is the layer's.
   */
  private fusedBias(node: NodeProto, features: number): { bias: OnnxConstant; add: number; output: string } | undefined {
    const out = node.output[0];
    const readers = this.consumers.get(out) ?? [];
    if (readers.length !== 1 || this.graph.output.some((o) => o.name === out)) return undefined;
    const add = this.graph.node[readers[0]];
    if (add.opType !== 'Add' || !isDefaultDomain(add.domain) || add.input.length !== 2) return undefined;
    const other = add.input[0] === out ? add.input[1] : add.input[0];
    const value = this.values.constant(other);
    if (!value || (value.data.length !== features && value.data.length !== 1)) return undefined;
    const bias = { shape: [features], data: value.data.length === 1 ? new Float32Array(features).fill(value.data[0]) : value.data };
    return { bias, add: readers[0], output: add.output[0] };
  }

  /** Nodes the export wrote for one pipeline node, read back as that node when the file agrees. */
  private importGroup(kind: string, params: unknown, start: number, count: number): boolean {
    if (!(layerKinds as string[]).includes(kind) || typeof params !== 'object' || params === null) return false;
    const spec = layerSpec(kind);
    const nodes = this.graph.node.slice(start, start + count);
    if (nodes.some((n) => n.input.some((name) => name && this.values.get(name)?.kind === 'unknown'))) return false;
    const inside = new Set(nodes.flatMap((n) => n.output));
    const external = [...new Set(nodes.flatMap((n) => n.input).filter((name) => name && !inside.has(name) && this.values.data(name)))];
    const parsed = spec.schema.safeParse(params);
    if (!parsed.success || external.length === 0) return false;
    try {
      const inputShapes = external.map((name) => this.values.data(name)!.shape);
      const shapes = spec.infer(parsed.data, inputShapes);
      // Placeholders (no values) for the tensors, so that the written nodes read as many inputs as the file's should.
      const slot = (shape: number[] | undefined) => (shape ? { shape, data: new Float32Array(0) } : undefined);
      const buffers = Object.fromEntries(Object.entries(shapes.buffers ?? {}).map(([k, v]) => [k, slot(v) as OnnxConstant]));
      const written = spec.onnx.export({ params: parsed.data, io: { inputShapes, shapes }, inputs: external, output: nodes[count - 1].output[0], name: (s) => s, weight: slot(shapes.weight), bias: slot(shapes.bias), buffers });
      if (!matchesExport(nodes, written.nodes, (n, i) => decodeAttributes(n.attribute, `node ${start + i}`))) return false;
      if (count === 1) return this.importNode(nodes[0], kind as LayerKind, parsed.data);
      if (spec.learnable || spec.buffers) return false;
      const id = this.ids.take(nodes[0].name.split('/')[0], spec.editor.idPrefix);
      this.layers.push({ node: { id, kind, params: parsed.data } as PipelineNode, inputs: external.map((name) => this.values.data(name)!.node) });
      for (const n of nodes) for (const o of n.output) this.values.set(o, { kind: 'unknown' });
      this.values.set(nodes[count - 1].output[0], { kind: 'data', node: id, shape: shapes.output });
      return true;
    } catch (error) {
      if (error instanceof ConvStudioError) return false;
      throw error;
    }
  }
}
