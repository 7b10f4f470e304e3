import { fail } from '../errors.js';
import type { NodeKind } from '../nn/layer-params.js';
import type { AxisField } from '../nn/layers/field-math.js';
import { layerSpec } from '../nn/layers/index.js';
import type { Pipeline, PipelineIssue } from '../nn/pipeline-types.js';
import { cachedShapes } from '../nn/compile-pipeline.js';
import type { InferredNode } from '../nn/shape-inference.js';

// Each kind maps fields in its spec (nn/layers/<kind>.ts, helpers in field-math.ts) by these
// conventions. Receptive fields along one axis, in input pixels, with pixel centres at integer coordinates:
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

export type { AxisField };

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

type Fields = Pick<NodeField, 'height' | 'width' | 'global' | 'notes'>;

const inputField = (): Fields => ({ height: { size: 1, jump: 1, start: 0 }, width: { size: 1, jump: 1, start: 0 }, global: false, notes: [] });

/** A node's field from its inputs' fields: the input node starts at one pixel, every layer maps by its spec. */
function fieldOf({ node, inputShapes, shapes }: InferredNode, inputs: NodeField[]): Fields {
  if (node.kind === 'input') return inputField();
  return layerSpec(node.kind).receptiveField(node.params as Record<string, unknown>, { inputShapes, shapes }, inputs);
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
  const shapes = cachedShapes(pipeline);
  if (shapes.issues.length > 0) return { ok: false, issues: shapes.issues };
  const byId = new Map<string, NodeField>();
  for (const inferred of shapes.nodes) {
    const inputs = inferred.inputIds.map((id) => byId.get(id) as NodeField);
    const { height, width, global, notes } = fieldOf(inferred, inputs);
    byId.set(inferred.node.id, { id: inferred.node.id, kind: inferred.node.kind, output: [...inferred.shapes.output], height, width, global, notes });
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
