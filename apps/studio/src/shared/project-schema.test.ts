import { readFileSync } from 'node:fs';
import { createModel, putNodeValues, type NamedTensors, type Pipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { parseProject, readProjectContent, writeProjectContent } from './project-schema.js';
import { plainProject, plainResult } from './testing/plain-values.js';
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
    expect(plainResult(result)).toEqual({ ok: true, project, sidecar: sidecar!.name });
    // Read into the layers as the sidecar's Float32Arrays, never as number arrays.
    expect(result.ok && (result.project.pipeline.nodes[1] as { weight?: { values?: unknown } }).weight?.values).toBeInstanceOf(Float32Array);
    expect(await readProjectContent(text, 'big.convstudio.json')).toMatchObject({ ok: false, error: expect.stringMatching(/^big\.convstudio\.json: weights\.file: this project keeps its weights in/) });
  });

  it('keep a batch norm\'s running statistics, inline and in the sidecar', async () => {
    const net: Pipeline = {
      format: 'convstudio-pipeline',
      version: 1,
      nodes: [
        { id: 'input', kind: 'input', params: { channels: 1, height: 8, width: 8 } },
        { id: 'conv', kind: 'conv2d', params: { outChannels: 3, kernelSize: 3 } },
        { id: 'bn', kind: 'batchNorm2d', params: {} },
      ],
      edges: [{ source: 'input', target: 'conv' }, { source: 'conv', target: 'bn' }],
    };
    const named: NamedTensors = new Map();
    for (const [id, { weight, bias }] of createModel(net).parameters) {
      named.set(`${id}.weight`, { shape: [...weight!.shape], data: weight!.data });
      named.set(`${id}.bias`, { shape: [...bias!.shape], data: bias!.data });
    }
    named.set('bn.runningMean', { shape: [3], data: Float32Array.of(0.5, -1.25, 2) });
    named.set('bn.runningVar', { shape: [3], data: Float32Array.of(4, 0.25, 9) });
    const project = { ...sampleProject(), pipeline: putNodeValues(net, named) };
    const stats = { runningMean: [0.5, -1.25, 2], runningVar: [4, 0.25, 9] };
    expect(project.pipeline.nodes[2].bufferValues).toEqual(stats);
    // Inline: the text keeps them in the node.
    const inline = await writeProjectContent(project, 'bn.convstudio.json');
    expect(inline.sidecar).toBeUndefined();
    expect(JSON.parse(inline.text).pipeline.nodes[2].bufferValues).toEqual(stats);
    expect(await readProjectContent(inline.text, 'bn.convstudio.json')).toEqual({ ok: true, project });
    // Sidecar: they leave the node as bn.runningMean / bn.runningVar and come back into it.
    const big = await writeProjectContent(project, 'bn.convstudio.json', 10);
    expect(big.sidecar).toBeDefined();
    expect(JSON.parse(big.text).pipeline.nodes[2]).not.toHaveProperty('bufferValues');
    expect(JSON.parse(big.text).weights).toMatchObject({ storage: 'sidecar' });
    const reread = await readProjectContent(big.text, 'bn.convstudio.json', async () => big.sidecar!.bytes);
    expect(plainResult(reread)).toEqual({ ok: true, project, sidecar: big.sidecar!.name });
    expect(reread.ok && reread.project.pipeline.nodes[2].bufferValues?.runningVar).toEqual(Float32Array.of(4, 0.25, 9));
  });

  it("open the studio's old projects (inline and binary) and the CLI's bare pipelines", async () => {
    const inline = await readProjectContent(legacy('studio-inline-v1.convstudio.json'), 'inline.convstudio.json');
    const binary = await readProjectContent(legacy('studio-binary-v1.convstudio.json'), 'binary.convstudio.json', async (name) => legacy(name));
    expect(inline.ok && binary.ok).toBe(true);
    if (!inline.ok || !binary.ok) return;
    expect(plainProject(binary.project)).toEqual(plainProject(inline.project));
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

describe('a project whose layers hold Float32Arrays (as opened, imported or trained)', () => {
  const typed = () => {
    const project = weightedProject({ inChannels: 2, outChannels: 4, kernelSize: 3, value: (i) => i / 64 });
    const nodes = project.pipeline.nodes.map((n) => {
      const node = n as typeof n & { weight?: { values: number[] }; biasValues?: number[] };
      return node.weight ? { ...node, weight: { values: Float32Array.from(node.weight.values) }, biasValues: Float32Array.from(node.biasValues!) } : n;
    });
    return { ...project, pipeline: { ...project.pipeline, nodes } as typeof project.pipeline };
  };

  it('passes the in-memory check and is written inline as numbers, never as objects of indices', async () => {
    const project = typed();
    expect(parseProject(project).ok).toBe(true);
    const { text, sidecar } = await writeProjectContent(project, 'typed.convstudio.json');
    expect(sidecar).toBeUndefined();
    const conv = JSON.parse(text).pipeline.nodes[1];
    expect(Array.isArray(conv.weight.values)).toBe(true);
    expect(conv.weight.values.slice(0, 3)).toEqual([0, 1 / 64, 2 / 64]);
    expect(plainResult(await readProjectContent(text, 'typed.convstudio.json'))).toEqual({ ok: true, project: plainProject(project) });
  });

  it('goes to the sidecar above the limit and reads back as Float32Arrays, bit for bit', async () => {
    const project = typed();
    const { text, sidecar } = await writeProjectContent(project, 'typed.convstudio.json', 10);
    expect(text).not.toContain('"values"');
    const result = await readProjectContent(text, 'typed.convstudio.json', async () => sidecar!.bytes);
    const conv = result.ok ? (result.project.pipeline.nodes[1] as { weight: { values: unknown }; biasValues: unknown }) : undefined;
    expect(conv?.weight.values).toEqual((project.pipeline.nodes[1] as { weight: { values: Float32Array } }).weight.values);
    expect(conv?.biasValues).toBeInstanceOf(Float32Array);
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
