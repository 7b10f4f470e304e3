import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { type GraphProto, ModelProtoSchema, type NodeProtoSchema, TensorProtoSchema, type ValueInfoProtoSchema } from 'onnx-buf';
import { ConvStudioError } from '../errors.js';
import { initBuffers } from '../nn/buffers.js';
import { compilePipeline } from '../nn/compile-pipeline.js';
import { layerSpec } from '../nn/layers/index.js';
import type { OnnxConstant, OnnxNodeLike } from '../nn/layers/spec.js';
import { initParameters } from '../nn/parameters.js';
import { PipelineError } from '../nn/pipeline-issues.js';
import type { Pipeline } from '../nn/pipeline-types.js';
import type { ShapeReport } from '../nn/shape-inference.js';
import type { NamedTensors } from '../project/weights-sidecar.js';
import { alignedModelBytes } from './aligned-bytes.js';
import { encodeAttribute } from './attributes.js';
import { NODE_ID, NODE_KIND, NODE_PARAMS, PIPELINE } from './metadata.js';
import { onnxError } from './onnx-error.js';
import { tensorFields } from './tensor-data.js';

/** The ai.onnx opset the export writes (ONNX 1.12; every runtime of the last years reads it). */
export const ONNX_EXPORT_OPSET = 17;
const IR_VERSION = 8n;

/** A node that cannot be written as ONNX, and why. */
export interface OnnxExportProblem {
  nodeId: string;
  kind: string;
  reason: string;
}

/**
 * The nodes of a checked pipeline that ONNX cannot express, with the reason (empty when the
 * whole pipeline can be exported): an up-convolution padded by more than its kernel size - 1,
 * a local response norm with an even window, min-max normalise on flat features by map.
 *
 * @example
 * onnxExportProblems(pipeline); // [] for every template
 */
export function onnxExportProblems(pipeline: unknown): OnnxExportProblem[] {
  const { report } = checked(pipeline);
  const problems: OnnxExportProblem[] = [];
  for (const { node, inputShapes, shapes } of report.nodes) {
    if (node.kind === 'input') continue;
    const reason = layerSpec(node.kind).onnx.unsupported?.(node.params, { inputShapes, shapes });
    if (reason) problems.push({ nodeId: node.id, kind: node.kind, reason });
  }
  return problems;
}

function checked(document: unknown): { pipeline: Pipeline; report: ShapeReport } {
  const plan = compilePipeline(document);
  if (!plan.ok) throw new PipelineError(plan.issues);
  return { pipeline: plan.pipeline, report: plan.report };
}

/** A named tensor the export needs, checked against the shape the pipeline gives it. */
function tensorOf(weights: NamedTensors, name: string, shape: number[]): OnnxConstant {
  const t = weights.get(name);
  if (!t) throw onnxError('exportOnnx', `weights "${name}"`, `is missing (shape [${shape}] expected)`);
  if (t.data.length !== shape.reduce((a, b) => a * b, 1)) throw onnxError('exportOnnx', `weights "${name}"`, `has shape [${t.shape}], the pipeline needs [${shape}]`);
  return { shape: [...shape], data: t.data };
}

/** The pipeline's own initial tensors (seeded initialisation, buffers at their initial values). */
export function initialTensors(pipeline: Pipeline, report: ShapeReport): NamedTensors {
  const tensors: NamedTensors = new Map();
  for (const [id, p] of initParameters(pipeline, report)) {
    if (p.weight) tensors.set(`${id}.weight`, { shape: [...p.weight.shape], data: p.weight.data });
    if (p.bias) tensors.set(`${id}.bias`, { shape: [...p.bias.shape], data: p.bias.data });
  }
  for (const [id, buffers] of initBuffers(report, layerSpec)) for (const [name, t] of Object.entries(buffers)) tensors.set(`${id}.${name}`, { shape: [...t.shape], data: t.data });
  return tensors;
}

const valueInfo = (name: string, shape: number[]): MessageInitShape<typeof ValueInfoProtoSchema> => ({
  name,
  type: {
    value: {
      case: 'tensorType',
      value: { elemType: 1, shape: { dim: [{ value: { case: 'dimParam', value: 'N' } }, ...shape.map((d) => ({ value: { case: 'dimValue' as const, value: BigInt(d) } }))] } },
    },
  },
});

const nodeProto = (n: OnnxNodeLike, name: string, meta: [string, string][]): MessageInitShape<typeof NodeProtoSchema> => ({
  name,
  opType: n.opType,
  input: n.inputs,
  output: n.outputs,
  attribute: Object.entries(n.attributes).map(([k, v]) => encodeAttribute(k, v)),
  metadataProps: meta.map(([key, value]) => ({ key, value })),
});

/**
 * Writes a pipeline and its tensors (`<node>.weight`, `<node>.bias`, buffers such as
 * `<node>.runningMean`; the pipeline's own seeded initialisation when left out) as an ONNX
 * model, opset 17, batch size free. Every kind maps through its spec's `onnx.export`; the
 * up-convolution becomes the ConvTranspose it equals and min-max normalise its reductions and
 * arithmetic. A node ONNX cannot express is refused with {@link onnxExportProblems}' reason.
 *
 * @example
 * const bytes = exportOnnx(leNet5(), weights);
 * await writeFile('lenet.onnx', bytes);
 */
export function exportOnnx(document: unknown, weights?: NamedTensors): Uint8Array {
  const { pipeline, report } = checked(document);
  const problems = onnxExportProblems(pipeline);
  if (problems.length > 0) {
    throw onnxError('exportOnnx', 'pipeline', `has nodes ONNX cannot express: ${problems.map((p) => `"${p.nodeId}" (${p.kind}): ${p.reason}`).join('; ')}`);
  }
  const tensors = weights ?? initialTensors(pipeline, report);
  const ids = new Set(pipeline.nodes.map((n) => n.id));
  const nodes: MessageInitShape<typeof NodeProtoSchema>[] = [];
  const initializers: GraphProto['initializer'] = [];
  const initializerNames = new Set<string>();
  const fed = new Set(pipeline.edges.map((e) => e.source));
  for (const { node, inputIds, inputShapes, shapes } of report.nodes) {
    if (node.kind === 'input') continue;
    const spec = layerSpec(node.kind);
    const value = (name: string, shape: number[] | undefined) => (shape ? tensorOf(tensors, `${node.id}.${name}`, shape) : undefined);
    const buffers = Object.fromEntries(Object.entries(shapes.buffers ?? {}).map(([name, shape]) => [name, tensorOf(tensors, `${node.id}.${name}`, shape)]));
    const name = (suffix: string) => {
      const full = `${node.id}.${suffix}`;
      if (ids.has(full)) throw onnxError('exportOnnx', `node "${node.id}"`, `needs the value name "${full}", which is another node's id; rename one of them`);
      return full;
    };
    let written;
    try {
      written = spec.onnx.export({ params: node.params, io: { inputShapes, shapes }, inputs: inputIds, output: node.id, name, weight: value('weight', shapes.weight), bias: value('bias', shapes.bias), buffers });
    } catch (error) {
      if (error instanceof ConvStudioError && error.op !== 'exportOnnx') throw onnxError('exportOnnx', `node "${node.id}" (${node.kind})`, error.message, undefined, error);
      throw error;
    }
    const meta: [string, string][] = [[NODE_ID, node.id], [NODE_KIND, node.kind], [NODE_PARAMS, JSON.stringify(node.params)]];
    written.nodes.forEach((n, i) => nodes.push(nodeProto(n, written.nodes.length === 1 ? node.id : `${node.id}/${i}`, meta)));
    for (const [initName, t] of written.initializers) {
      if (initializerNames.has(initName)) continue;
      initializerNames.add(initName);
      initializers.push(create(TensorProtoSchema, tensorFields(initName, t)));
    }
  }
  const sinks = report.nodes.filter((n) => n.node.kind !== 'input' && !fed.has(n.node.id));
  const input = report.nodes[0];
  const model = create(ModelProtoSchema, {
    irVersion: IR_VERSION,
    producerName: 'ConvStudio',
    producerVersion: '0.1.0',
    opsetImport: [{ domain: '', version: BigInt(ONNX_EXPORT_OPSET) }],
    metadataProps: [{ key: PIPELINE, value: JSON.stringify(pipeline) }],
    graph: {
      name: pipeline.name ?? 'convstudio',
      node: nodes,
      initializer: initializers,
      input: [valueInfo(input.node.id, input.shapes.output)],
      output: sinks.map((s) => valueInfo(s.node.id, s.shapes.output)),
    },
  });
  // Weights on 4-byte boundaries: importOnnx (ours, and any reader that maps float32 in place) needs no copy.
  return alignedModelBytes(model);
}

