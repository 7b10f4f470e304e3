import { describe, expect, it } from 'vitest';
import { parseProject, type ProjectDocument } from '../shared/project-schema.js';
import { sampleProject } from '../shared/testing/sample-project.js';
import { joinWeights, splitWeights, weightsFileName } from './weights-file.js';

const nodes = (p: ProjectDocument) => p.pipeline.nodes as unknown as Record<string, unknown>[];

describe('weights files', () => {
  it('moves values and biases out, keeps preset kernels, and joins them back exactly', () => {
    const base = sampleProject();
    const project = { ...base, pipeline: { ...base.pipeline, nodes: base.pipeline.nodes.map((n) => (n.kind === 'conv2d' && n.id !== 'conv1' ? n : n.id === 'conv1' ? { ...n, biasValues: [0.5, -0.5] } : n)) } } as ProjectDocument;
    const withValues = { ...project, pipeline: { ...project.pipeline, nodes: [...project.pipeline.nodes.slice(0, 2), ...project.pipeline.nodes.slice(2)] } };
    expect(splitWeights(withValues, 'net.weights.json', 10)).toBeUndefined(); // two numbers stay inline
    const split = splitWeights(withValues, 'net.weights.json', 1)!;
    expect(split.weights).toEqual({ format: 'convstudio-weights', version: 1, nodes: { conv1: { bias: [0.5, -0.5] } } });
    const conv1 = nodes(split.project).find((n) => n.id === 'conv1')!;
    expect(conv1.weight).toEqual({ presets: ['diagonalEdge', 'rotatedDiagonalEdge'] });
    expect(conv1.biasValues).toBeUndefined();
    expect(parseProject(joinWeights(JSON.parse(JSON.stringify(split.project)), split.weights))).toEqual({ ok: true, project: withValues });
  });

  it('names the weights file after the project', () => {
    expect(weightsFileName('/home/ada/My net.convstudio.json')).toBe('My net.weights.json');
  });
});
