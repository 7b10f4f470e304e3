import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../cpu/index.js';
import { goldenCases } from '../../testing/golden-cases.js';
import { goldenFiles } from '../../testing/fixtures.js';
import { gradientProblems } from '../../testing/gradient-cases.js';
import { layerSpecProblems } from '../../testing/layer-spec-check.js';
import { type NoParams } from './schema-parts.js';
import { nodeKinds } from '../layer-params.js';
import { layerKinds, layerRegistry, layerSpec } from './index.js';
import type { LayerSpec } from './spec.js';

describe('layerRegistry', () => {
  it('has every part for every kind: schema, defaults, arity, inference, cost, field, editor words', () => {
    expect(layerKinds.length).toBeGreaterThanOrEqual(16);
    for (const kind of layerKinds) expect(layerSpecProblems(kind, layerSpec(kind)), kind).toEqual([]);
  });

  it("runs every kind's forward and backward through its golden cases and gradient problems", async () => {
    const backend = createCpuBackend({ kernels: 'js' });
    const ops = new Set(goldenFiles.map((f) => f.op));
    for (const kind of layerKinds) {
      const op = layerSpec(kind).conformanceOp;
      expect(ops.has(op), `${kind}: golden fixture ${op}.json`).toBe(true);
      expect(Object.hasOwn(gradientProblems, op), `${kind}: gradient problem ${op}`).toBe(true);
      const cases = goldenCases().filter((c) => c.name.startsWith(`${op}/`));
      expect(cases.length, kind).toBeGreaterThan(0);
      for (const c of cases) await c.run(backend);
    }
  });

  it('reports a kind registered without cost, and the type refuses it', () => {
    const withoutCost = { ...layerRegistry.relu, cost: undefined };
    expect(layerSpecProblems('fake', withoutCost)).toEqual(['fake: no cost']);
    // @ts-expect-error a spec without cost does not typecheck
    const fake: LayerSpec<NoParams> = withoutCost;
    expect(fake.cost).toBeUndefined();
  });

  it('reports a kind without its ONNX or PyTorch mapping', () => {
    expect(layerSpecProblems('fake', { ...layerRegistry.relu, onnx: undefined })).toEqual(['fake: no onnx']);
    expect(layerSpecProblems('fake', { ...layerRegistry.relu, pytorch: {} })).toEqual(['fake: pytorch needs exactly one of module and call']);
  });

  it('maps each ONNX op to one kind at most', () => {
    const owners = new Map<string, string>();
    for (const kind of layerKinds) {
      for (const op of layerSpec(kind).onnx.opTypes) {
        expect(owners.get(op), `${op}: ${owners.get(op)} and ${kind}`).toBeUndefined();
        owners.set(op, kind);
      }
    }
    expect([...owners.keys()].sort()).toEqual(
      ['Add', 'AveragePool', 'BatchNormalization', 'Concat', 'Conv', 'ConvTranspose', 'Dropout', 'Flatten', 'Gemm', 'GlobalAveragePool', 'LRN', 'LeakyRelu', 'LogSoftmax', 'MatMul', 'MaxPool', 'Relu', 'Reshape', 'Sigmoid', 'Softmax', 'Squeeze', 'Sum', 'Tanh'].sort(),
    );
  });

  it('reports editor words missing for a schema field', () => {
    const spec = layerSpec('linear');
    const problems = layerSpecProblems('fake', { ...spec, editor: { ...spec.editor, fields: { outFeatures: spec.editor.fields.outFeatures } } });
    expect(problems).toEqual(['fake: editor.fields [outFeatures] must equal the schema\'s fields [bias,outFeatures]']);
  });

  it('lists the input node first among node kinds', () => {
    expect(nodeKinds[0]).toBe('input');
    expect(nodeKinds.slice(1)).toEqual(layerKinds);
  });
});
