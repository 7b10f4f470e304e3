import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProject, readProjectContent, writeProjectContent } from './project-schema.js';
import { sampleProject } from './testing/sample-project.js';
import { weightedProject } from './testing/weighted-project.js';

// The real files the studio wrote before the one format (core's legacy fixtures).
const legacy = (name: string) => new Uint8Array(readFileSync(new URL(`../../../../packages/core/src/project/legacy-fixtures/${name}`, import.meta.url)));

describe('project files, through core', () => {
  it('round-trip a project through its text, as version 2', async () => {
    const project = sampleProject();
    const { text, sidecar } = await writeProjectContent(project, 'net.convstudio.json');
    expect(sidecar).toBeUndefined();
    expect(JSON.parse(text)).toMatchObject({ format: 'convstudio-project', version: 2 });
    expect(await readProjectContent(text, 'net.convstudio.json')).toEqual({ ok: true, project });
  });

  it('move many weights out of the layers into a sidecar, and back in on reading', async () => {
    const project = weightedProject();
    const { text, sidecar } = await writeProjectContent(project, 'big.convstudio.json', 1000);
    expect(sidecar?.name).toMatch(/^big\.convstudio\.json\.weights-[0-9a-f]{16}\.bin$/);
    expect(JSON.parse(text).weights).toMatchObject({ storage: 'sidecar', file: sidecar!.name, bytes: sidecar!.bytes.length });
    const result = await readProjectContent(text, 'big.convstudio.json', async () => sidecar!.bytes);
    expect(result).toEqual({ ok: true, project, sidecar: sidecar!.name });
    expect(await readProjectContent(text, 'big.convstudio.json')).toMatchObject({ ok: false, error: expect.stringMatching(/^big\.convstudio\.json: weights\.file: this project keeps its weights in/) });
  });

  it("open the studio's old projects (inline and binary) and the CLI's bare pipelines", async () => {
    const inline = await readProjectContent(legacy('studio-inline-v1.convstudio.json'), 'inline.convstudio.json');
    const binary = await readProjectContent(legacy('studio-binary-v1.convstudio.json'), 'binary.convstudio.json', async (name) => legacy(name));
    expect(inline.ok && binary.ok).toBe(true);
    if (!inline.ok || !binary.ok) return;
    expect(binary.project).toEqual(inline.project);
    expect(inline.project).toMatchObject({ version: 2, projectId: 'tiny', viewState: { view: 'maps', selectedNodeId: 'conv1' } });
    const bare = await readProjectContent(legacy('cli-template-v1.json'), 'fcn.json');
    expect(bare).toMatchObject({ ok: true, project: { projectId: 'small-fcn', title: 'Small FCN', viewState: { view: 'maps', scale: '0-1', backend: 'cpu' } } });
  });

  it('refuse malformed JSON, oversized text and newer versions, naming the file and field', async () => {
    expect(await readProjectContent('{"format":', 'a.json')).toMatchObject({ ok: false, error: expect.stringMatching(/^a\.json: \(file\): not valid JSON/) });
    expect(await readProjectContent('x'.repeat(101), 'a.json', undefined, 100)).toEqual({ ok: false, error: 'a.json: (file): too large: expected at most 100 bytes, got 101' });
    const newer = JSON.stringify({ ...JSON.parse((await writeProjectContent(sampleProject(), 'a.json')).text), version: 3 });
    expect(await readProjectContent(newer, 'a.json')).toMatchObject({ ok: false, error: expect.stringMatching(/^a\.json: version: made by a newer ConvStudio \(project format version 3\); this one reads versions 1 to 2/) });
  });
});

describe('the project in memory', () => {
  it('names the field and what came when the envelope is wrong', () => {
    const result = parseProject({ ...sampleProject(), viewState: { view: 'sideways', scale: '0-1', backend: 'cpu' } });
    expect(!result.ok && result.error).toMatch(/viewState\.view/);
    const unknown = parseProject({ ...sampleProject(), extra: 1 });
    expect(!unknown.ok && unknown.error).toMatch(/extra/);
  });

  it("checks the pipeline with core's rules and names the node", () => {
    const project = sampleProject();
    const bad = { ...project, pipeline: { ...project.pipeline, nodes: project.pipeline.nodes.map((n) => (n.kind === 'conv2d' ? { ...n, params: { ...n.params, stride: -1 } } : n)) } };
    const result = parseProject(bad);
    expect(!result.ok && result.error).toMatch(/pipeline is invalid: node "\w+" \(conv2d\): params\.stride/);
  });
});
