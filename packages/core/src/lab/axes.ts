import type { Pipeline, PipelineNode } from '../nn/pipeline-types.js';
import { chainOrder, jsonClone, logitsIndex, setConvDepth, setDenseLayers, withChain } from './chain-edits.js';
import { templates } from '../nn/templates/index.js';
import type { SweepAxis } from './sweep-spec.js';

/** The name an axis goes by in labels, tables and CSV columns. */
export function axisName(axis: SweepAxis): string {
  return axis.axis === 'param' ? axis.path : axis.axis;
}

/** `kernelSize 5`, `kernels x2`, `conv1.params.padding "same"`. */
export function settingLabel(axis: SweepAxis, value: unknown): string {
  const scaled = (axis.axis === 'kernels' || axis.axis === 'denseWidth') && (axis.mode ?? 'scale') === 'scale';
  return `${axisName(axis)} ${scaled ? `x${String(value)}` : JSON.stringify(value)}`;
}

type Edit = { ok: true; pipeline: Pipeline } | { ok: false; reason: string };

function targets(pipeline: Pipeline, kind: string, nodes: string[] | undefined): PipelineNode[] | string {
  const all = pipeline.nodes.filter((n) => n.kind === kind);
  if (nodes === undefined) return all.length ? all : `has no ${kind} layer`;
  const missing = nodes.filter((id) => !all.some((n) => n.id === id));
  return missing.length ? `has no ${kind} node ${missing.map((m) => `"${m}"`).join(', ')}` : all.filter((n) => nodes.includes(n.id));
}

/** Sets `params[field]` of the chosen nodes (through `compute` from the old value) in a copy of the pipeline. */
function mapParams(pipeline: Pipeline, chosen: PipelineNode[], field: string, compute: (old: unknown) => unknown): Pipeline {
  const ids = new Set(chosen.map((n) => n.id));
  return {
    ...pipeline,
    nodes: pipeline.nodes.map((n) => (ids.has(n.id) ? ({ ...n, params: { ...n.params, [field]: compute((n.params as Record<string, unknown>)[field]) } } as PipelineNode) : n)),
  };
}

const scaleCount = (mode: 'scale' | 'absolute' | undefined, value: number) => (old: unknown) =>
  (mode ?? 'scale') === 'scale' ? Math.max(1, Math.round(Number(old) * value)) : Math.round(value);

/** Hidden linear layers: every linear node but the one trained as logits. */
function hiddenLinears(pipeline: Pipeline): PipelineNode[] {
  const targetsOfEdges = new Set(pipeline.edges.map((e) => e.source));
  const outputs = pipeline.nodes.filter((n) => !targetsOfEdges.has(n.id));
  const logits = new Set(outputs.map((o) => (o.kind === 'softmax' ? pipeline.edges.find((e) => e.target === o.id)?.source : o.id)));
  return pipeline.nodes.filter((n) => n.kind === 'linear' && !logits.has(n.id));
}

/** Sets a value at `<nodeId>.<field>…` in a copy of the pipeline. */
function setPath(pipeline: Pipeline, path: string, value: unknown): Edit {
  const node = [...pipeline.nodes].sort((a, b) => b.id.length - a.id.length).find((n) => path.startsWith(`${n.id}.`));
  if (!node) return { ok: false, reason: `no node is named by the start of "${path}"` };
  const fields = path.slice(node.id.length + 1).split('.');
  if (fields[0] === 'id' || fields[0] === 'kind') return { ok: false, reason: `"${path}" would change the node's ${fields[0]}, which a sweep may not` };
  const copy = jsonClone(node) as unknown as Record<string, unknown>;
  let at = copy;
  for (const f of fields.slice(0, -1)) {
    const next = at[f];
    if (next === undefined) at[f] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) return { ok: false, reason: `"${path}": ${f} is not an object` };
    at = at[f] as Record<string, unknown>;
  }
  at[fields[fields.length - 1]] = jsonClone(value);
  return { ok: true, pipeline: { ...pipeline, nodes: pipeline.nodes.map((n) => (n === node ? (copy as unknown as PipelineNode) : n)) } };
}

/**
 * The pipeline with one axis set to one value, or why that cannot be done (the reason names the
 * axis' target, e.g. `has no conv2d node "conv9"`). Validity of the result (shapes) is checked
 * by the caller through compilePipeline.
 *
 * @example
 * applyAxis(mnistCnn(), { axis: 'kernelSize', values: [5] }, 5); // { ok: true, pipeline } with 5x5 convs
 */
export function applyAxis(pipeline: Pipeline, axis: SweepAxis, value: unknown): Edit {
  const structural = (edit: (order: PipelineNode[]) => PipelineNode[] | string): Edit => {
    const order = chainOrder(pipeline);
    if (!order) return { ok: false, reason: `${axis.axis} needs a chain pipeline (no branches or skips)` };
    const result = edit(order);
    return typeof result === 'string' ? { ok: false, reason: result } : { ok: true, pipeline: withChain(pipeline, result) };
  };
  const params = (kind: string, nodes: string[] | undefined, field: string, compute: (old: unknown) => unknown): Edit => {
    const chosen = targets(pipeline, kind, nodes);
    return typeof chosen === 'string' ? { ok: false, reason: chosen } : { ok: true, pipeline: mapParams(pipeline, chosen, field, compute) };
  };
  switch (axis.axis) {
    case 'kernelSize':
      return params('conv2d', axis.nodes, 'kernelSize', () => value);
    case 'stride':
      return params('conv2d', axis.nodes, 'stride', () => value);
    case 'kernels':
      return params('conv2d', axis.nodes, 'outChannels', scaleCount(axis.mode, Number(value)));
    case 'denseWidth': {
      const hidden = axis.nodes ?? hiddenLinears(pipeline).map((n) => n.id);
      if (!hidden.length) return { ok: false, reason: 'has no hidden dense layer (only the output layer)' };
      return params('linear', hidden, 'outFeatures', scaleCount(axis.mode, Number(value)));
    }
    case 'depth':
      return structural((order) => setConvDepth(order, Number(value)));
    case 'denseLayers':
      return structural((order) => setDenseLayers(order, Number(value), axis.width));
    case 'param':
      return setPath(pipeline, axis.path, value);
    case 'template': {
      const template = templates.find((t) => t.id === value);
      return template ? { ok: true, pipeline: template.build() } : { ok: false, reason: `is not replaced: no template "${String(value)}"; templates: ${templates.map((t) => t.id).join(', ')}` };
    }
  }
}

/** Counts that describe a pipeline along the structural axes, for labels and conclusions. */
export function structureOf(pipeline: Pipeline): { convLayers: number; hiddenDenseLayers: number | null } {
  const order = chainOrder(pipeline);
  const convLayers = pipeline.nodes.filter((n) => n.kind === 'conv2d').length;
  if (!order) return { convLayers, hiddenDenseLayers: null };
  const logits = logitsIndex(order);
  return { convLayers, hiddenDenseLayers: order.slice(0, logits).filter((n) => n.kind === 'linear').length };
}
