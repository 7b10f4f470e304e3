import { createModel, inferShapes, mnistCnn, parsePipeline, workedExamplePipeline, type Pipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { documentWeights, weightsFitNode, withNodeFrozen, withNodeWeights, withTrainedLayers, withWeightEdits } from './node-weights.js';

describe('node weights', () => {
  it('stores edited kernels as values the core accepts, leaving the document unchanged', () => {
    const original = workedExamplePipeline();
    const values = Float32Array.from({ length: 50 }, (_, i) => i / 50);
    const edited = withNodeWeights(original, 'conv1', values);
    const conv = edited.nodes.find((n) => n.id === 'conv1');
    expect(conv?.kind === 'conv2d' && conv.weight).toEqual({ values });
    // The document's own copy: changing the caller's array afterwards changes nothing there.
    values[0] = 9;
    expect(conv?.kind === 'conv2d' && conv.weight && 'values' in conv.weight && conv.weight.values[0]).toBe(0);
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
    const stored = withTrainedLayers(pipeline, layers);
    const rebuilt = createModel(stored);
    const fc2 = rebuilt.parameters.get('fc2');
    expect(fc2!.weight!.data).toEqual(layers.find((l) => l.id === 'fc2')!.weight);
    expect(fc2!.bias!.data).toEqual(layers.find((l) => l.id === 'fc2')!.bias);
    // The document keeps the worker's arrays as they are (no number arrays); the model has its own.
    const node = stored.nodes.find((n) => n.id === 'fc2') as { weight: { values: unknown }; biasValues: unknown };
    expect(node.weight.values).toBe(layers.find((l) => l.id === 'fc2')!.weight);
    expect(node.biasValues).toBe(layers.find((l) => l.id === 'fc2')!.bias);
    expect(fc2!.weight!.data).not.toBe(node.weight.values);
    expect(parsePipeline(stored).ok).toBe(true);
  });

  it('stores trained running statistics as the given Float32Arrays', () => {
    const pipeline = mnistCnn();
    const runningMean = Float32Array.of(1, 2);
    const stored = withTrainedLayers(pipeline, [{ id: 'conv1', weight: new Float32Array(8 * 25), buffers: { runningMean } }]);
    expect((stored.nodes.find((n) => n.id === 'conv1') as { bufferValues?: Record<string, unknown> }).bufferValues).toEqual({ runningMean });
    expect((stored.nodes.find((n) => n.id === 'conv1') as { bufferValues: Record<string, unknown> }).bufferValues.runningMean).toBe(runningMean);
  });

  it("tells a run's weights from stale ones once an edit changes the layer's shape", () => {
    const expected = inferShapes(workedExamplePipeline()).byId.get('conv1')?.shapes.weight;
    expect(weightsFitNode([2, 1, 5, 5], expected)).toBe(true);
    expect(weightsFitNode([4, 1, 5, 5], expected)).toBe(false);
    expect(weightsFitNode([2, 1, 5], expected)).toBe(false);
    expect(weightsFitNode([2, 1, 5, 5], undefined)).toBe(false);
  });
});

describe('kernel edits make new arrays and never change shared ones', () => {
  const withValues = (values: number[] | Float32Array): Pipeline => ({ ...workedExamplePipeline(), nodes: workedExamplePipeline().nodes.map((n) => (n.id === 'conv1' ? { ...n, weight: { values } } : n)) as Pipeline['nodes'] });
  const conv1Values = (p: Pipeline) => documentWeights(p.nodes.find((n) => n.id === 'conv1')!, 50);

  it('edits a Float32Array the document holds into a new Float32Array; the old one (undo history, a running job) stays as it was', () => {
    const held = Float32Array.from({ length: 50 }, (_, i) => i / 8);
    const before = withValues(held);
    const after = withWeightEdits(before, 'conv1', new Float32Array(50), [[0, 7], [49, -2]]);
    const edited = conv1Values(after)!;
    expect(edited).toBeInstanceOf(Float32Array);
    expect(edited).not.toBe(held);
    expect([edited[0], edited[1], edited[49]]).toEqual([7, 1 / 8, -2]);
    expect(held[0]).toBe(0);
    expect(held[49]).toBe(49 / 8);
    expect(conv1Values(before)).toBe(held);
  });

  it('edits number arrays into new number arrays, and a layer without values from the run\'s weights, never changing them', () => {
    const held = Array.from({ length: 50 }, (_, i) => i);
    const edited = conv1Values(withWeightEdits(withValues(held), 'conv1', new Float32Array(50), [[3, 0.1]]))!;
    expect(Array.isArray(edited)).toBe(true);
    expect(edited[3]).toBe(0.1);
    expect(held[3]).toBe(3);
    const base = Float32Array.from({ length: 50 }, (_, i) => -i);
    const fromRun = conv1Values(withWeightEdits(workedExamplePipeline(), 'conv1', base, [[1, 5]]))!;
    expect(fromRun[1]).toBe(5);
    expect(fromRun[2]).toBe(-2);
    expect(base[1]).toBe(-1);
  });
});
