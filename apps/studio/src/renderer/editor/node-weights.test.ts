import { inferShapes, workedExamplePipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { withNodeFrozen, withNodeWeights } from './node-weights.js';

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
});
