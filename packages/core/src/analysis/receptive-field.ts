import { computeConv2dInfo, computeConvTranspose2dInfo } from '../conv-info.js';
import { fail } from '../errors.js';
import type { NodeKind } from '../nn/layer-params.js';
import type { Pipeline, PipelineIssue } from '../nn/pipeline-types.js';
import { type InferredNode, inferShapes } from '../nn/shape-inference.js';
import { computePool2dInfo } from '../pool-info.js';
import { nonNegativePair, positivePair } from '../shape.js';

// Receptive fields along one axis, in input pixels, with pixel centres at integer coordinates:
// `size` is how many input pixels a unit sees, `jump` how far apart neighbouring units' centres
// are, `start` the centre of unit 0. A window layer (kernel k, stride s, padding p before the
// first pixel, dilation d, extent e = d*(k-1) + 1) maps them as
//   size' = size + (e - 1)*jump,  jump' = jump*s,  start' = start + ((e - 1)/2 - p)*jump.
// Upsampling layers move in fractions of a pixel: a transposed convolution (or the document's
// up-convolution) with stride (factor) s has jump' = jump/s, and each output mixes the inputs
// within (e - 1)/s of its position, so size' = size + (e - 1)*jump' and
// start' = start + (p - (e - 1)/2)*jump' (the up-convolution's padding p acts as e - 1 - p).
// That is the field of the continuous position an output sits at; the inputs a given unit
// actually reads depend on its phase modulo s and always lie inside it (a bound, not a guess).
// Layers that look at whole maps (global average pooling, flatten and what follows it) get a
// window as large as their input map and `global: true`. Elementwise layers keep their input's
// field; min-max normalize does too, although its scale depends on the whole map's min and max.

/** The receptive field along one axis. */
export interface AxisField {
  /** Input pixels a unit sees (fractional after upsampling: see the file's comment). */
  size: number;
  /** Input pixels between neighbouring units' centres. */
  jump: number;
  /** Centre of unit 0, in input pixel coordinates. */
  start: number;
}

/** One node's receptive field. */
export interface NodeField {
  id: string;
  kind: NodeKind;
  /** Per-sample output shape: [C, H, W] or [F]. */
  output: number[];
  height: AxisField;
  width: AxisField;
  /** The node mixes every position of a map (global pooling, flatten, dense layers after them). */
  global: boolean;
  /** Caveats, e.g. inputs of an add that step through the image at different rates. */
  notes: string[];
}

/** Every node's receptive field, in execution order. */
export interface ReceptiveFieldReport {
  input: { height: number; width: number };
  nodes: NodeField[];
  byId: Map<string, NodeField>;
}

/** {@link receptiveFields}' answer: the report, or the issues that stopped shape inference. */
export type ReceptiveFieldResult = { ok: true; report: ReceptiveFieldReport } | { ok: false; issues: PipelineIssue[] };

function window(f: AxisField, kernel: number, stride: number, padBefore: number, dilation: number): AxisField {
  const extent = dilation * (kernel - 1) + 1;
  return { size: f.size + (extent - 1) * f.jump, jump: f.jump * stride, start: f.start + ((extent - 1) / 2 - padBefore) * f.jump };
}

function upsample(f: AxisField, kernel: number, stride: number, padBefore: number, dilation: number): AxisField {
  const extent = dilation * (kernel - 1) + 1;
  const jump = f.jump / stride;
  return { size: f.size + (extent - 1) * jump, jump, start: f.start + (padBefore - (extent - 1) / 2) * jump };
}

/** The hull of the fields of several inputs' unit 0 (add, concat). */
function union(fields: AxisField[]): AxisField {
  const low = Math.min(...fields.map((f) => f.start - (f.size - 1) / 2));
  const high = Math.max(...fields.map((f) => f.start + (f.size - 1) / 2));
  return { size: high - low + 1, jump: Math.max(...fields.map((f) => f.jump)), start: (low + high) / 2 };
}

type Fields = Pick<NodeField, 'height' | 'width' | 'global' | 'notes'>;

function fieldOf({ node, inputShapes, shapes }: InferredNode, inputs: NodeField[]): Fields {
  const [first] = inputs;
  const keep: Fields = { height: first?.height, width: first?.width, global: inputs.some((i) => i.global), notes: [] };
  const x = [1, ...(inputShapes[0] ?? [])];
  const whole = (): Fields => ({ ...keep, height: window(first.height, x[2], x[2], 0, 1), width: window(first.width, x[3], x[3], 0, 1), global: true });
  switch (node.kind) {
    case 'input':
      return { height: { size: 1, jump: 1, start: 0 }, width: { size: 1, jump: 1, start: 0 }, global: false, notes: [] };
    case 'conv2d': {
      const info = computeConv2dInfo('conv2d', x, shapes.weight as number[], node.params);
      return {
        ...keep,
        height: window(first.height, info.kernelHeight, info.strideHeight, info.pad.top, info.dilationHeight),
        width: window(first.width, info.kernelWidth, info.strideWidth, info.pad.left, info.dilationWidth),
      };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const info = computePool2dInfo(node.kind, x, node.params);
      return {
        ...keep,
        height: window(first.height, info.kernelHeight, info.strideHeight, info.padHeight, info.dilationHeight),
        width: window(first.width, info.kernelWidth, info.strideWidth, info.padWidth, info.dilationWidth),
      };
    }
    case 'convTranspose2d': {
      const info = computeConvTranspose2dInfo('convTranspose2d', x, shapes.weight as number[], node.params);
      return {
        ...keep,
        height: upsample(first.height, info.kernelHeight, info.strideHeight, info.pad.top, info.dilationHeight),
        width: upsample(first.width, info.kernelWidth, info.strideWidth, info.pad.left, info.dilationWidth),
      };
    }
    case 'upConvolution': {
      const [kh, kw] = positivePair('upConvolution', 'kernelSize', node.params.kernelSize, 1);
      const factor = node.params.factor ?? 2;
      const [ph, pw] = nonNegativePair('upConvolution', 'padding', node.params.padding ?? [Math.floor(kh / 2), Math.floor(kw / 2)]);
      return { ...keep, height: upsample(first.height, kh, factor, kh - 1 - ph, 1), width: upsample(first.width, kw, factor, kw - 1 - pw, 1) };
    }
    case 'globalAvgPool2d':
      return whole();
    case 'flatten':
      return x.length === 4 ? whole() : keep;
    case 'linear':
      return { ...keep, global: true };
    case 'softmax': {
      // Over channels (the default) a softmax is pointwise in space; over H or W it spans the axis.
      const raw = node.params.dim ?? 1;
      const axis = x.length === 4 ? (raw < 0 ? raw + 4 : raw) : 1;
      if (axis === 2) return { ...keep, height: whole().height, global: true };
      if (axis === 3) return { ...keep, width: whole().width, global: true };
      return keep;
    }
    case 'add':
    case 'concat': {
      const jumps = [...new Set(inputs.flatMap((i) => [i.height.jump, i.width.jump]))];
      const sameJumps = inputs.every((i) => i.height.jump === first.height.jump && i.width.jump === first.width.jump);
      const notes = sameJumps ? [] : [`inputs step through the image at different rates (jumps ${jumps.join(', ')}): the field is exact for unit (0, 0) only, other units' fields are approximate`];
      const axis = node.kind === 'concat' ? (node.params.axis ?? 1) : 1;
      if (x.length === 4 && axis !== 1 && axis !== -3) {
        notes.push('joined along a spatial axis: units past the first input come from the next one, so positions there do not follow this field');
      }
      return { ...keep, height: union(inputs.map((i) => i.height)), width: union(inputs.map((i) => i.width)), notes };
    }
    default:
      return keep;
  }
}

/**
 * Every node's receptive field per axis: size, jump (effective stride) and start (centre of
 * the first unit), in input pixels, dilation, padding ('same' resolved as the convolution
 * resolves it) and upsampling included. The conventions are at the top of this file.
 *
 * @example
 * const result = receptiveFields(alexNet());
 * if (result.ok) result.report.byId.get('pool5')?.height; // { size: 195, jump: 32, start: 31 }
 */
export function receptiveFields(pipeline: Pipeline): ReceptiveFieldResult {
  const shapes = inferShapes(pipeline);
  if (shapes.issues.length > 0) return { ok: false, issues: shapes.issues };
  const byId = new Map<string, NodeField>();
  for (const inferred of shapes.nodes) {
    const inputs = inferred.inputIds.map((id) => byId.get(id) as NodeField);
    byId.set(inferred.node.id, { id: inferred.node.id, kind: inferred.node.kind, output: [...inferred.shapes.output], ...fieldOf(inferred, inputs) });
  }
  const [, height, width] = shapes.nodes[0].shapes.output;
  return { ok: true, report: { input: { height, width }, nodes: [...byId.values()], byId } };
}

/** An inclusive rectangle of input pixels. */
export interface Region {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

// Tolerance for fields built from fractional jumps (a third of a pixel is not exact in binary).
const EPSILON = 1e-9;

function span(f: AxisField, index: number): [number, number] {
  const centre = f.start + index * f.jump;
  const half = (f.size - 1) / 2;
  // The pixels whose centres lie inside the field.
  // `+ 0` turns the -0 that Math.ceil(-0.5) gives into 0.
  return [Math.ceil(centre - half - EPSILON) + 0, Math.floor(centre + half + EPSILON) + 0];
}

/**
 * The input pixels output unit (y, x) of a node sees: `region` may reach past the image (into
 * padding), `clipped` is its part inside the image (null if none). A node with flat output
 * (flatten, linear) has one field, asked for as unit (0, 0). Near a border `clipped` can hold
 * pixels the unit does not read, when a later layer's padding stands where they would be; after
 * upsampling it holds every pixel the unit reads and possibly a few more (see the file's comment).
 *
 * @example
 * // AlexNet's conv1 (11x11, stride 4, padding 2), unit (0, 0): rows and columns -2..8.
 * inputRegion(report, 'conv1', 0, 0).region; // { top: -2, left: -2, bottom: 8, right: 8 }
 */
export function inputRegion(report: ReceptiveFieldReport, nodeId: string, y: number, x: number): { region: Region; clipped: Region | null } {
  const field = report.byId.get(nodeId);
  if (!field) fail('inputRegion', 'nodeId', `names no node of the report: "${nodeId}"`);
  const [rows, cols] = field.output.length === 3 ? field.output.slice(1) : [1, 1];
  if (!Number.isInteger(y) || y < 0 || y >= rows || !Number.isInteger(x) || x < 0 || x >= cols) {
    fail('inputRegion', 'unit', `(${y}, ${x}) is outside node "${nodeId}"'s ${rows}x${cols} output${field.output.length === 3 ? '' : ' (flat features: one field, unit (0, 0))'}`);
  }
  const [top, bottom] = span(field.height, y);
  const [left, right] = span(field.width, x);
  const clipped = {
    top: Math.max(top, 0),
    left: Math.max(left, 0),
    bottom: Math.min(bottom, report.input.height - 1),
    right: Math.min(right, report.input.width - 1),
  };
  return { region: { top, left, bottom, right }, clipped: clipped.top > clipped.bottom || clipped.left > clipped.right ? null : clipped };
}
