import { createModel, inferShapes, mnistCnn, workedExamplePipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { weightsFitNode, withNodeFrozen, withNodeWeights, withTrainedLayers } from './node-weights.js';

describe('node weights', () => {
  it('stores edited kernels as values the core accepts, leaving the document unchanged', () => {
    const original = workedExamplePipeline();
    const values = Float32Array.from({ length: 50 }, (_, i) => i / 50);
    const edited = withNodeWeights(original, 'conv1', values);
    const conv = edited.nodes.find((n) => n.id === 'conv1');
    expect(conv?.kind === 'conv2d' && conv.weight).toEqual({ values: Array.from(values) });
    expect(original.nodes.find((n) => n.id === 'conv1')?.weight).toEqual({ presets: ['diagonalEdge', 'rotatedDiagonalEdge'] });
    expect(inferShapes(edited).issues).toEqual([]);
  });

  it('freezes and unfreezes one layer and never touches the input node', () => {
    const thawed = withNodeFrozen(workedExamplePipeline(), 'conv1', false);
    expect(thawed.nodes.find((n) => n.id === 'conv1')?.frozen).toBe(false);
    expect(withNodeFrozen(thawed, 'input', true).nodes[0]).toEqual(thawed.nodes[0]);
  });

  it('stores trained weights and biases so a new model reproduces them exactly', () => {
    const pipeline = mnistCnn();
    const trained = createModel(pipeline);
    const layers = [...trained.parameters].map(([id, p]) => ({ id, weight: p.weight!.data.map((v) => v * 0.5), bias: Float32Array.from(p.bias!.data, (_, i) => i / 10) }));
    const rebuilt = createModel(withTrainedLayers(pipeline, layers));
    const fc2 = rebuilt.parameters.get('fc2');
    expect(fc2!.weight!.data).toEqual(layers.find((l) => l.id === 'fc2')!.weight);
    expect(fc2!.bias!.data).toEqual(layers.find((l) => l.id === 'fc2')!.bias);
  });

  it("tells a run's weights from stale ones once an edit changes the layer's shape", () => {
    const expected = inferShapes(workedExamplePipeline()).byId.get('conv1')?.shapes.weight;
    expect(weightsFitNode([2, 1, 5, 5], expected)).toBe(true);
    expect(weightsFitNode([4, 1, 5, 5], expected)).toBe(false);
    expect(weightsFitNode([2, 1, 5], expected)).toBe(false);
    expect(weightsFitNode([2, 1, 5, 5], undefined)).toBe(false);
  });
});
