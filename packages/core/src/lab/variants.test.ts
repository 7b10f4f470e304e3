import { describe, expect, it } from 'vitest';
import { costTable } from '../analysis/cost.js';
import { cnnVsFcn, mnistCnn } from '../nn/templates/index.js';
import { generateVariants, type ValidVariant } from './variants.js';

const valid = (v: ReturnType<typeof generateVariants>) => v.filter((x): x is ValidVariant => x.ok);
const ids = (v: ValidVariant) => v.pipeline.nodes.map((n) => n.id);

describe('generateVariants', () => {
  it('crosses the axes: every combination, with params and MACs from the cost table', () => {
    const variants = generateVariants(mnistCnn(), { axes: [{ axis: 'kernelSize', values: [3, 5] }, { axis: 'stride', values: [1, 2] }], mode: 'cross' });
    expect(variants.map((v) => v.label)).toEqual(['kernelSize 3, stride 1', 'kernelSize 3, stride 2', 'kernelSize 5, stride 1', 'kernelSize 5, stride 2']);
    const [first, , third] = valid(variants);
    const table = costTable(mnistCnn());
    expect(table.ok && first.params).toBe(table.ok && table.table.totals.params);
    expect(first.macs).toBe(333056);
    expect(third.pipeline.nodes.find((n) => n.id === 'conv2')?.params).toMatchObject({ kernelSize: 5 });
  });

  it('one at a time: the base plus each value alone; a value equal to the base merges into it', () => {
    const variants = valid(generateVariants(mnistCnn(), { axes: [{ axis: 'depth', values: [2, 3] }, { axis: 'kernels', values: [1, 2] }], mode: 'oneAtATime' }));
    expect(variants.map((v) => v.label)).toEqual(['base', 'depth 3', 'kernels x2']);
    expect(variants[0].settings).toEqual({ depth: 2, kernels: 1 });
    expect(variants[0].sameAs).toEqual(['depth 2', 'kernels x1']);
    expect(variants[2].pipeline.nodes.filter((n) => n.kind === 'conv2d').map((n) => n.params)).toMatchObject([{ outChannels: 16 }, { outChannels: 32 }]);
  });

  it('changes depth: drops trailing conv blocks, or adds 3x3 same convs before the last pool', () => {
    const [one, three] = valid(generateVariants(mnistCnn(), { axes: [{ axis: 'depth', values: [1, 3] }], mode: 'cross' }));
    expect(ids(one)).toEqual(['input', 'conv1', 'relu1', 'pool1', 'flatten', 'fc1', 'relu3', 'fc2']);
    expect(ids(three)).toEqual(['input', 'conv1', 'relu1', 'pool1', 'conv2', 'relu2', 'conv2_d_1', 'relu2_d_1', 'pool2', 'flatten', 'fc1', 'relu3', 'fc2']);
    expect(three.pipeline.edges).toHaveLength(12);
  });

  it('changes the number of hidden dense layers before the output', () => {
    const [zero, three] = valid(generateVariants(mnistCnn(), { axes: [{ axis: 'denseLayers', values: [0, 3], width: 32 }], mode: 'cross' }));
    expect(ids(zero).slice(-2)).toEqual(['flatten', 'fc2']);
    expect(ids(three).slice(-8)).toEqual(['flatten', 'fc1', 'relu3', 'fc_h_1', 'relu3_h_1', 'fc_h_2', 'relu3_h_2', 'fc2']);
    expect(three.pipeline.nodes.find((n) => n.id === 'fc_h_1')?.params).toEqual({ outFeatures: 32 });
  });

  it('reports a variant whose shapes fail, and keeps the others', () => {
    const variants = generateVariants(mnistCnn(), { axes: [{ axis: 'param', path: 'pool1.params.kernelSize', values: [2, 40] }], mode: 'cross' });
    expect(variants[0].ok).toBe(true);
    expect(variants[1].ok).toBe(false);
    if (!variants[1].ok) expect(variants[1].issues[0].message).toMatch(/pool1/);
  });

  it('reports axes that do not apply: a missing node, a structural edit on a graph with skips', () => {
    const [missing] = generateVariants(mnistCnn(), { axes: [{ axis: 'stride', values: [2], nodes: ['conv9'] }], mode: 'cross' });
    expect(missing.ok === false && missing.issues[0].message).toBe('stride 2: the pipeline has no conv2d node "conv9"');
    const [path] = generateVariants(mnistCnn(), { axes: [{ axis: 'param', path: 'nope.params.x', values: [1] }], mode: 'cross' });
    expect(path.ok).toBe(false);
    const fcn = cnnVsFcn().fcn;
    const structural = generateVariants(fcn, { axes: [{ axis: 'denseLayers', values: [2] }], mode: 'cross' });
    expect(structural.every((v) => !v.ok)).toBe(true);
  });

  it('reports a base pipeline that does not compile as one invalid variant', () => {
    const variants = generateVariants({ format: 'convstudio-pipeline', version: 1, nodes: [], edges: [] }, { axes: [{ axis: 'depth', values: [1] }], mode: 'cross' });
    expect(variants).toHaveLength(1);
    expect(variants[0]).toMatchObject({ ok: false, id: 'base' });
  });
});
