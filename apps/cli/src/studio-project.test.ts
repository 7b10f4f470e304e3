import { createModel, encodePng, modelWithWeights, readProject, syntheticSix, tensorToImage, weightsOfModel, writeProject, type Pipeline, type Project } from '@convstudio/core';
import { batchNormNet } from '@convstudio/core/testing';
import { copyFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { recordingIo, removeTemporaryDirectories } from './test-io.fixture.js';

afterAll(removeTemporaryDirectories);

// The real files the studio and the CLI wrote before the one format (packages/core/src/project/legacy-fixtures).
const legacy = (name: string) => new URL(`../../../packages/core/src/project/legacy-fixtures/${name}`, import.meta.url);

async function cli(argv: string[], cwd?: string) {
  const io = recordingIo(cwd === undefined ? {} : { cwd });
  return { code: await main(argv, io), out: io.out, err: io.err, cwd: io.cwd };
}

/** Opens a file the way the studio does: core's readProject, with files beside it from the same folder. */
async function openAsStudio(cwd: string, name: string) {
  const readBeside = async (file: string) => new Uint8Array(await readFile(join(cwd, file)));
  return readProject(await readBeside(name), { fileName: name, readBeside });
}

/** Saves a project the way the studio does: core's writeProject, the sidecar first. */
async function saveAsStudio(cwd: string, name: string, project: Project) {
  const written = await writeProject(project, { fileName: name });
  if (written.sidecar) await writeFile(join(cwd, written.sidecar.name), written.sidecar.bytes);
  await writeFile(join(cwd, name), written.text);
  return written;
}

/** The per-node values of a run's summary.json (without the file names it echoes). */
async function summary(cwd: string, out: string) {
  return (JSON.parse(await readFile(join(cwd, out, 'summary.json'), 'utf8')) as { nodes: { id: string; min: number; max: number; mean: number }[] }).nodes;
}

const six = () => encodePng(tensorToImage(syntheticSix(), { range: [0, 255] }));

/** 157,402 weights: above the 100,000 that stay inline, so its weights go to a sidecar (every template but AlexNet stays below). */
const wide = (): Pipeline => ({
  format: 'convstudio-pipeline', version: 1, name: 'Wide', seed: 1,
  nodes: [
    { id: 'input', kind: 'input', params: { channels: 1, height: 28, width: 28 } },
    { id: 'flat', kind: 'flatten', params: {} },
    { id: 'fc1', kind: 'linear', params: { outFeatures: 200 } },
    { id: 'relu', kind: 'relu', params: {} },
    { id: 'fc2', kind: 'linear', params: { outFeatures: 2 } },
  ],
  edges: [{ source: 'input', target: 'flat' }, { source: 'flat', target: 'fc1' }, { source: 'fc1', target: 'relu' }, { source: 'relu', target: 'fc2' }],
});

describe('CLI -> studio: what every CLI command writes opens with the studio reader', () => {
  it('template --out writes a version 2 project; cost and receptive read it', async () => {
    const made = await cli(['template', 'lenet5', '--out', 'net.convstudio.json']);
    expect(made).toMatchObject({ code: 0, err: '' });
    const { project, migratedFrom } = await openAsStudio(made.cwd, 'net.convstudio.json');
    expect(migratedFrom).toBeUndefined();
    expect(project).toMatchObject({ title: 'LeNet-5', projectId: 'lenet5' });
    const cost = await cli(['cost', 'net.convstudio.json', '--json'], made.cwd);
    expect(cost).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(cost.out).totals.params).toBe(61_706);
    expect(await cli(['receptive', 'net.convstudio.json'], made.cwd)).toMatchObject({ code: 0, err: '' });
  });

  it('example --project writes the worked example with the 6 embedded; run gives the maps of the template and its 6', async () => {
    const made = await cli(['example', 'seed', '--out', 'figure.png', '--six', 'six.png', '--project', 'example.convstudio.json']);
    expect(made).toMatchObject({ code: 0, err: '' });
    const { project } = await openAsStudio(made.cwd, 'example.convstudio.json');
    expect(project.image).toMatchObject({ name: 'six.png', mimeType: 'image/png', width: 28, height: 28 });
    expect(Buffer.from(project.image!.data, 'base64')).toEqual(await readFile(join(made.cwd, 'six.png')));
    expect(project.viewState).toMatchObject({ scale: '0-255' });
    expect(await cli(['template', 'worked-example', '--out', 'template.convstudio.json'], made.cwd)).toMatchObject({ code: 0 });
    for (const [file, out] of [['example.convstudio.json', 'a'], ['template.convstudio.json', 'b']]) {
      expect(await cli(['run', file, '--image', 'six.png', '--scale', '0-255', '--out', out], made.cwd)).toMatchObject({ code: 0, err: '' });
    }
    expect(await summary(made.cwd, 'a')).toEqual(await summary(made.cwd, 'b'));
  });

  it('train --out writes a trained project (weights beside it when large) that the studio reader opens; run, diagnose and --resume use it', async () => {
    const made = await cli(['template', 'mnist-cnn', '--out', 'mnist.convstudio.json']);
    expect(made.code).toBe(0);
    await writeFile(join(made.cwd, 'net.convstudio.json'), (await writeProject({ title: 'Wide', pipeline: wide() }, { fileName: 'net.convstudio.json' })).text);
    const trained = await cli(['train', 'net.convstudio.json', '--dataset', 'synthetic', '--epochs', '1', '--out', 'trained.convstudio.json'], made.cwd);
    expect(trained).toMatchObject({ code: 0, err: '' });
    const { project } = await openAsStudio(made.cwd, 'trained.convstudio.json');
    const stored = JSON.parse(await readFile(join(made.cwd, 'trained.convstudio.json'), 'utf8'));
    const count = [...project.weights!.tensors.values()].reduce((n, t) => n + t.data.length, 0);
    expect(count).toBe(157_402);
    expect(stored.weights.storage).toBe('sidecar');
    expect((await readdir(made.cwd)).filter((f) => f.startsWith('trained.convstudio.json.weights-'))).toEqual([stored.weights.file]);
    expect((project.weights!.meta as { history: unknown[] }).history).toHaveLength(1);
    await writeFile(join(made.cwd, 'six.png'), six());
    for (const [argv, out] of [[['trained.convstudio.json'], 'own'], [['net.convstudio.json', '--weights', 'trained.convstudio.json'], 'given'], [['net.convstudio.json'], 'init']] as const) {
      expect(await cli(['run', ...argv, '--image', 'six.png', '--out', out], made.cwd)).toMatchObject({ code: 0, err: '' });
    }
    expect(await summary(made.cwd, 'own')).toEqual(await summary(made.cwd, 'given'));
    expect(await summary(made.cwd, 'own')).not.toEqual(await summary(made.cwd, 'init'));
    const diagnosed = await cli(['diagnose', 'trained.convstudio.json', '--dataset', 'synthetic'], made.cwd);
    expect(diagnosed).toMatchObject({ code: 0, err: '' });
    expect(diagnosed.out).toContain('Plateaus:');
    const resumed = await cli(['train', 'net.convstudio.json', '--dataset', 'synthetic', '--epochs', '1', '--resume', 'trained.convstudio.json', '--out', 'trained.convstudio.json'], made.cwd);
    expect(resumed).toMatchObject({ code: 0, err: '' });
    expect(((await openAsStudio(made.cwd, 'trained.convstudio.json')).project.weights!.meta as { history: unknown[] }).history).toHaveLength(2);
  });
});

describe("train --out keeps batch norm's running statistics (buffers)", () => {
  it('writes them beside the weights, they reopen bit for bit, and run evaluates with them', async () => {
    const io = recordingIo();
    const pipeline = batchNormNet({ size: 28, kernelSize: 5, stride: 2, seed: 2 });
    await writeFile(join(io.cwd, 'bn.convstudio.json'), (await writeProject({ title: 'BN', pipeline }, { fileName: 'bn.convstudio.json' })).text);
    expect(await cli(['train', 'bn.convstudio.json', '--dataset', 'synthetic', '--epochs', '2', '--out', 'trained.convstudio.json'], io.cwd)).toMatchObject({ code: 0, err: '' });
    const stored = JSON.parse(await readFile(join(io.cwd, 'trained.convstudio.json'), 'utf8'));
    const names = (stored.weights.tensors as { name: string }[]).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['bn.runningMean', 'bn.runningVar']));
    const { project } = await openAsStudio(io.cwd, 'trained.convstudio.json');
    const mean = project.weights!.tensors.get('bn.runningMean')!.data;
    const variance = project.weights!.tensors.get('bn.runningVar')!.data;
    // Training moved them from their initial 0 and 1.
    expect(Array.from(mean).some((v) => v !== 0)).toBe(true);
    expect(Array.from(variance).some((v) => v !== 1)).toBe(true);
    const model = modelWithWeights(project.pipeline, project.weights, 'trained.convstudio.json');
    expect(model.buffers().get('bn')!.runningMean.data).toEqual(mean);
    // run evaluates with the saved statistics: the same maps as core's model of the file, and
    // others than the same weights with the statistics dropped (a file from before buffers).
    await writeFile(join(io.cwd, 'six.png'), six());
    const withoutStats = { ...project, weights: { ...project.weights!, tensors: new Map([...project.weights!.tensors].filter(([n]) => !n.startsWith('bn.running'))) } };
    await saveAsStudio(io.cwd, 'nostats.convstudio.json', withoutStats);
    expect(await cli(['run', 'trained.convstudio.json', '--image', 'six.png', '--out', 'with'], io.cwd)).toMatchObject({ code: 0, err: '' });
    expect(await cli(['run', 'nostats.convstudio.json', '--image', 'six.png', '--out', 'without'], io.cwd)).toMatchObject({ code: 0, err: '' });
    const bn = (nodes: Awaited<ReturnType<typeof summary>>) => nodes.find((n) => n.id === 'bn')!;
    expect(bn(await summary(io.cwd, 'with'))).not.toEqual(bn(await summary(io.cwd, 'without')));
  });
});

describe('studio -> CLI: what the studio writes, the CLI runs', () => {
  it('a project saved with view state, image and weights in a sidecar runs with its own weights', async () => {
    const io = recordingIo();
    const model = createModel(wide());
    // Weights the initialisation would not give: every weight scaled, so a run with them differs.
    const weights = weightsOfModel(model);
    for (const { data } of weights.tensors.values()) for (let i = 0; i < data.length; i++) data[i] *= 1.5;
    const project: Project = {
      title: 'Wide', pipeline: model.pipeline, weights,
      viewState: { view: 'maps', scale: '0-1', backend: 'cpu', selectedNodeId: 'fc1' },
      image: { name: 'six.png', mimeType: 'image/png', width: 28, height: 28, data: Buffer.from(six()).toString('base64') },
    };
    const written = await saveAsStudio(io.cwd, 'studio.convstudio.json', project);
    await writeFile(join(io.cwd, 'net.convstudio.json'), (await writeProject({ title: 'Wide', pipeline: model.pipeline }, { fileName: 'net.convstudio.json' })).text);
    expect(written.sidecar).toBeDefined();
    await writeFile(join(io.cwd, 'six.png'), six());
    expect(await cli(['run', 'studio.convstudio.json', '--image', 'six.png', '--out', 'studio'], io.cwd)).toMatchObject({ code: 0, err: '' });
    expect(await cli(['run', 'net.convstudio.json', '--image', 'six.png', '--out', 'init'], io.cwd)).toMatchObject({ code: 0, err: '' });
    const fromStudio = await summary(io.cwd, 'studio');
    const init = await summary(io.cwd, 'init');
    // fc1's output is 1.5 times the initialisation's (the bias is zero in both).
    const fc1 = (s: typeof init) => s.find((n) => n.id === 'fc1')!;
    expect(fc1(fromStudio).max).toBeCloseTo(1.5 * fc1(init).max, 4);
    expect(fc1(fromStudio).min).toBeCloseTo(1.5 * fc1(init).min, 4);
    expect(await cli(['cost', 'studio.convstudio.json'], io.cwd)).toMatchObject({ code: 0, err: '' });
  });

  it("the studio's old projects (weights in the nodes, or in its CSWB v1 file beside them) run, giving the same maps", async () => {
    const io = recordingIo();
    const bin = 'studio-binary-v1.convstudio.json.weights-b2d8a5e4d02ded88.bin';
    for (const name of ['studio-inline-v1.convstudio.json', 'studio-binary-v1.convstudio.json', bin]) await copyFile(legacy(name), join(io.cwd, name));
    await writeFile(join(io.cwd, 'six.png'), six());
    for (const [file, out] of [['studio-inline-v1.convstudio.json', 'inline'], ['studio-binary-v1.convstudio.json', 'binary']]) {
      expect(await cli(['run', file, '--image', 'six.png', '--out', out], io.cwd)).toMatchObject({ code: 0, err: '' });
    }
    expect(await summary(io.cwd, 'inline')).toEqual(await summary(io.cwd, 'binary'));
    expect(await readdir(io.cwd)).toContain(bin);
  });

  it("the CLI's old files (a bare pipeline and its JSON weights) still run", async () => {
    const io = recordingIo();
    for (const name of ['cli-tiny-pipeline-v1.json', 'cli-weights-v1.json']) await copyFile(legacy(name), join(io.cwd, name));
    await writeFile(join(io.cwd, 'six.png'), six());
    const run = await cli(['run', 'cli-tiny-pipeline-v1.json', '--weights', 'cli-weights-v1.json', '--image', 'six.png', '--out', 'maps'], io.cwd);
    expect(run).toMatchObject({ code: 0, err: '' });
    const diagnosed = await cli(['diagnose', 'cli-tiny-pipeline-v1.json', '--weights', 'cli-weights-v1.json', '--dataset', 'synthetic'], io.cwd);
    expect(diagnosed).toMatchObject({ code: 0, err: '' });
  });

  it('refuses a sidecar from another save, in one line naming the project and field', async () => {
    const io = recordingIo();
    const model = createModel(wide());
    const written = await saveAsStudio(io.cwd, 'net.convstudio.json', { title: 'x', pipeline: model.pipeline, weights: weightsOfModel(model) });
    const bytes = new Uint8Array(written.sidecar!.bytes);
    bytes[bytes.length - 4] ^= 1;
    await writeFile(join(io.cwd, written.sidecar!.name), bytes);
    const result = await cli(['cost', 'net.convstudio.json'], io.cwd);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^net\.convstudio\.json: weights\.sha256: the weights file net\.convstudio\.json\.weights-[0-9a-f]{16}\.bin is not the one the project was saved with .*\n$/);
  });
});
