import { mnistCnn, type PipelineNode } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { withNodeFrozen, withWeightEdits } from '../editor/node-weights.js';
import { sameButWeights } from './same-but-weights.js';

describe('sameButWeights', () => {
  it('holds for a kernel edit and fails for any other change of a node or of the edges', () => {
    const pipeline = mnistCnn();
    const edited = withWeightEdits(pipeline, 'conv1', new Float32Array(8 * 9), [[0, 3]]);
    expect(edited).not.toBe(pipeline);
    expect(sameButWeights(pipeline, edited)).toBe(true);
    expect(sameButWeights(pipeline, withNodeFrozen(pipeline, 'conv1', true))).toBe(false);
    const biased = { ...pipeline, nodes: pipeline.nodes.map((n) => (n.id === 'conv1' ? ({ ...n, biasValues: [1] } as PipelineNode) : n)) };
    expect(sameButWeights(pipeline, biased)).toBe(false);
    const resized = { ...pipeline, nodes: pipeline.nodes.map((n) => (n.id === 'conv1' ? ({ ...n, params: { ...n.params } } as PipelineNode) : n)) };
    expect(sameButWeights(pipeline, resized)).toBe(false);
    expect(sameButWeights(pipeline, { ...pipeline, edges: [...pipeline.edges] })).toBe(false);
  });
});
