import { describe, expect, it } from 'vitest';
import { parseSweepSpec, type SweepSpecInput } from './sweep-spec.js';

const minimal: SweepSpecInput = {
  format: 'convstudio-sweep',
  version: 1,
  name: 'kernels',
  base: 'mnist-cnn',
  axes: [{ axis: 'kernelSize', values: [3, 5] }],
  data: { dataset: 'mnist' },
  training: { epochs: 2 },
};

describe('parseSweepSpec', () => {
  it('fills the defaults and resolves a template id to its pipeline', () => {
    const r = parseSweepSpec(minimal);
    if (!r.ok) throw new Error(r.issues[0].message);
    expect(r.spec.mode).toBe('cross');
    expect(r.spec.seeds).toEqual([0]);
    expect(r.spec.training).toEqual({ epochs: 2, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.001 } });
    expect(r.spec.data).toEqual({ dataset: 'mnist', testFraction: 0.2, validationFraction: 0.1, seed: 0 });
    expect((r.base as { name: string }).name).toBe('MNIST CNN');
  });

  it('keeps a whole pipeline document as the base', () => {
    const base = { format: 'convstudio-pipeline', version: 1, nodes: [], edges: [] };
    const r = parseSweepSpec({ ...minimal, base });
    expect(r.ok && r.base).toEqual(base);
  });

  it('names the field of a bad axis and of an unknown template', () => {
    const bad = parseSweepSpec({ ...minimal, axes: [{ axis: 'kernelSize', values: [0] }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0].field).toBe('axes.0.values.0');
    const unknownAxis = parseSweepSpec({ ...minimal, axes: [{ axis: 'colour', values: [1] }] });
    expect(unknownAxis.ok).toBe(false);
    const template = parseSweepSpec({ ...minimal, base: 'resnet' });
    expect(template.ok).toBe(false);
    if (!template.ok) expect(template.issues[0].message).toMatch(/^base: no template "resnet"; templates: worked-example, mnist-cnn/);
  });

  it('refuses a param path that names no field and a cross that explodes', () => {
    expect(parseSweepSpec({ ...minimal, axes: [{ axis: 'param', path: 'conv1', values: [1] }] }).ok).toBe(false);
    const values = Array.from({ length: 13 }, (_, i) => i + 1);
    const r = parseSweepSpec({ ...minimal, axes: [{ axis: 'kernelSize', values }, { axis: 'stride', values }, { axis: 'depth', values }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message).toContain('2197 runs');
  });
});
