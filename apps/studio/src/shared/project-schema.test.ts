import { describe, expect, it } from 'vitest';
import { parseProject, parseProjectText, serializeProject } from './project-schema.js';
import { sampleProject } from './testing/sample-project.js';

describe('project schema', () => {
  it('round-trips a project through its text', () => {
    const project = sampleProject();
    const result = parseProjectText(serializeProject(project));
    expect(result).toEqual({ ok: true, project });
  });

  it('names the field and what came when the envelope is wrong', () => {
    const result = parseProject({ ...sampleProject(), viewState: { view: 'sideways', scale: '0-1', backend: 'cpu' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/viewState\.view/);
    const unknown = parseProject({ ...sampleProject(), extra: 1 });
    expect(!unknown.ok && unknown.error).toMatch(/extra/);
  });

  it("checks the pipeline with core's rules and names the node", () => {
    const project = sampleProject();
    const bad = { ...project, pipeline: { ...project.pipeline, nodes: project.pipeline.nodes.map((n) => (n.kind === 'conv2d' ? { ...n, params: { ...n.params, stride: -1 } } : n)) } };
    const result = parseProject(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/pipeline is invalid: node "\w+" \(conv2d\): params\.stride/);
  });

  it('leaves a project with a weights file beside it to the desktop studio, saying so', () => {
    expect(parseProject({ ...sampleProject(), weightsFile: 'net.weights.json' })).toEqual({ ok: false, error: 'weightsFile: this project keeps its weights in "net.weights.json" beside it; open it with File › Open Pipeline in the desktop studio' });
  });

  it('refuses malformed JSON and oversized text with a clear message', () => {
    expect(parseProjectText('{"format":')).toMatchObject({ ok: false, error: expect.stringMatching(/^project file is not valid JSON/) });
    expect(parseProjectText('x'.repeat(101), 100)).toEqual({ ok: false, error: 'project file too large: expected at most 100 bytes, got 101' });
    expect(parseProjectText('[]')).toMatchObject({ ok: false, error: expect.stringMatching(/^not a ConvStudio project/) });
  });
});
