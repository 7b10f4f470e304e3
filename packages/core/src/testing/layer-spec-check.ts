import type { z } from 'zod';
import { type AnyLayerSpec, type LayerField, layerGroups, type LayerShapes } from '../nn/layers/index.js';

/** Sample per-sample inputs a layer is tried on: maps, then flat features (dense layers). */
const samples = (arity: 'one' | 'many'): number[][][] => (arity === 'many' ? [[[3, 8, 8], [3, 8, 8]], [[12], [12]]] : [[[3, 8, 8]], [[12]]]);

const unit: LayerField = { height: { size: 1, jump: 1, start: 0 }, width: { size: 1, jump: 1, start: 0 }, global: false, notes: [] };
const finite = (...values: number[]) => values.every((v) => Number.isFinite(v) && v >= 0);

/**
 * What a layer spec lacks or gets wrong, in words (empty when complete): schema, defaults that
 * parse, arity, inference on a sample input, cost, receptive field, editor words for every field,
 * learnable and buffer shapes, the ONNX and PyTorch mappings. Forward and backward are checked against the golden fixtures by
 * the registry's test.
 *
 * @example
 * expect(layerSpecProblems('relu', layerSpec('relu'))).toEqual([]);
 */
export function layerSpecProblems(kind: string, spec: Partial<AnyLayerSpec>): string[] {
  const problems: string[] = [];
  const need = (part: keyof AnyLayerSpec) => {
    if (spec[part] === undefined) problems.push(`${kind}: no ${part}`);
    return spec[part] !== undefined;
  };
  for (const part of ['schema', 'defaults', 'arity', 'group', 'infer', 'forward', 'backward', 'cost', 'receptiveField', 'editor', 'conformanceOp', 'onnx', 'pytorch'] as const) need(part);
  if (problems.length > 0) return problems;
  const s = spec as AnyLayerSpec;
  // Every kind is written to ONNX (one node or several, read back through their metadata) and to PyTorch.
  if (typeof s.onnx.export !== 'function' || typeof s.onnx.import !== 'function' || !Array.isArray(s.onnx.opTypes)) problems.push(`${kind}: onnx needs opTypes, export and import`);
  if (!s.pytorch.module === !s.pytorch.call) problems.push(`${kind}: pytorch needs exactly one of module and call`);
  if (!s.schema.safeParse(s.defaults).success) problems.push(`${kind}: defaults do not parse: ${JSON.stringify(s.defaults)}`);
  if (s.arity !== 'one' && s.arity !== 'many') problems.push(`${kind}: arity must be 'one' or 'many', got ${String(s.arity)}`);
  if (!layerGroups.includes(s.group)) problems.push(`${kind}: group ${String(s.group)} is not one of ${layerGroups.join(', ')}`);
  // Editor words: a title for people, a description, and a label and help for every schema field.
  if (!s.editor.title || s.editor.title === kind) problems.push(`${kind}: editor.title must be a readable name`);
  if ((s.editor.description ?? '').length < 10) problems.push(`${kind}: editor.description is missing`);
  const schemaFields = Object.keys((s.schema as unknown as z.ZodObject).shape ?? {}).sort();
  const editorFields = Object.keys(s.editor.fields ?? {}).sort();
  if (schemaFields.join() !== editorFields.join()) problems.push(`${kind}: editor.fields [${editorFields}] must equal the schema's fields [${schemaFields}]`);
  for (const [name, field] of Object.entries(s.editor.fields ?? {})) {
    if (!field.label || !field.help) problems.push(`${kind}: field ${name} needs a label and help text`);
  }
  // Inference on a sample input, then cost and receptive field on what it found.
  let shapes: LayerShapes | undefined;
  let inputShapes: number[][] = [];
  for (const sample of samples(s.arity)) {
    try {
      shapes = s.infer(s.defaults, sample);
      inputShapes = sample;
      break;
    } catch {
      // try the next sample
    }
  }
  if (!shapes) return [...problems, `${kind}: infer accepts neither maps [3,8,8] nor flat features [12] with its defaults`];
  if (!shapes.output.every((d) => Number.isInteger(d) && d > 0)) problems.push(`${kind}: infer gave output ${JSON.stringify(shapes.output)}`);
  if (Boolean(s.learnable) !== Boolean(shapes.weight)) problems.push(`${kind}: learnable must be set exactly when infer gives a weight shape`);
  for (const name of Object.keys(s.buffers ?? {})) {
    if (!shapes.buffers?.[name]) problems.push(`${kind}: buffer ${name} has no shape from infer`);
  }
  const io = { inputShapes, shapes };
  const cost = s.cost(s.defaults, io);
  if (!finite(cost.macs, cost.flops)) problems.push(`${kind}: cost gave ${JSON.stringify(cost)}`);
  const field = s.receptiveField(s.defaults, io, inputShapes.map(() => unit));
  if (!finite(field.height.size, field.height.jump, field.width.size, field.width.jump) || !Number.isFinite(field.height.start)) {
    problems.push(`${kind}: receptive field gave ${JSON.stringify(field)}`);
  }
  return problems;
}
