import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createModel } from '../nn/model.js';
import { templates } from '../nn/templates/index.js';
import { loadWeights } from '../nn/weights-file.js';
import { randn } from '../tensor.js';
import { batchNormNet } from '../testing/batch-norm-net.js';
import { modelWithWeights, weightsOfModel } from './model-weights.js';
import { ProjectFileError } from './project-error.js';
import { readProject, writeProject } from './project-file.js';
import { PROJECT_VERSION, type Project } from './project-schema.js';
import { readWeightsFile } from './read-weights-file.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./legacy-fixtures/${name}`, import.meta.url)));
const fixtureText = (name: string) => new TextDecoder().decode(fixture(name));
const fixtureBeside = async (name: string) => fixture(name);

/** Files in memory, as a host's disk: what writeProject returns, stored and read back. */
function memoryDisk() {
  const files = new Map<string, Uint8Array | string>();
  return {
    files,
    async save(project: Project, fileName: string, inlineLimit?: number) {
      const written = await writeProject(project, { fileName, inlineLimit });
      if (written.sidecar) files.set(written.sidecar.name, written.sidecar.bytes);
      files.set(fileName, written.text);
      return written;
    },
    async open(fileName: string) {
      return readProject(files.get(fileName)!, { fileName, readBeside: async (name) => {
        const bytes = files.get(name);
        if (!(bytes instanceof Uint8Array)) throw new Error('no such file');
        return bytes;
      } });
    },
  };
}

const tinyPipeline = () => JSON.parse(fixtureText('cli-tiny-pipeline-v1.json'));
const output = (model: ReturnType<typeof createModel>) => Array.from(model.forward(randn([1, 1, 28, 28], { seed: 5 })).get(model.outputId)!.data);

describe('the project file (version 2)', () => {
  it.each(templates.map((t) => [t.id, t] as const))('template %s round-trips: what is written reads back equal', async (id, template) => {
    const disk = memoryDisk();
    const project: Project = { title: template.title, projectId: id, pipeline: template.build(), viewState: { view: 'maps' } };
    const { text } = await disk.save(project, `${id}.convstudio.json`);
    expect(JSON.parse(text)).toMatchObject({ format: 'convstudio-project', version: PROJECT_VERSION });
    const { project: again, migratedFrom } = await disk.open(`${id}.convstudio.json`);
    expect(migratedFrom).toBeUndefined();
    expect(again).toEqual(project);
  });

  // AlexNet's 61 million weights round-trip in apps/cli/src/alexnet-weights.test.ts and the bench.
  it.each(templates.filter((t) => t.id !== 'alexnet').map((t) => [t.id, t] as const))('template %s with its weights round-trips bit for bit, inline and in a sidecar', async (id, template) => {
    const model = createModel(template.build());
    const project: Project = { title: template.title, projectId: id, pipeline: model.pipeline, weights: weightsOfModel(model) };
    const disk = memoryDisk();
    const inline = await disk.save(project, `${id}.convstudio.json`, Number.MAX_SAFE_INTEGER);
    const sidecar = await disk.save(project, `${id}-big.convstudio.json`, 0);
    expect(inline.sidecar).toBeUndefined();
    expect(sidecar.sidecar).toBeDefined();
    for (const name of [`${id}.convstudio.json`, `${id}-big.convstudio.json`]) {
      const { project: again } = await disk.open(name);
      expect(again.pipeline).toEqual(project.pipeline);
      expect([...again.weights!.tensors.keys()]).toEqual([...project.weights!.tensors.keys()]);
      for (const [tensor, { shape, data }] of project.weights!.tensors) {
        expect(again.weights!.tensors.get(tensor)!.shape, `${name} ${tensor}`).toEqual(shape);
        expect(again.weights!.tensors.get(tensor)!.data, `${name} ${tensor}`).toEqual(data);
      }
      expect(modelWithWeights(again.pipeline, again.weights, name).hash).toBe(model.hash);
    }
  });

  it('keeps small weights inline and large ones in a sidecar, giving the same model either way', async () => {
    const trained = createModel(tinyPipeline());
    const project: Project = { title: 'Tiny', pipeline: trained.pipeline, weights: weightsOfModel(trained, { epochs: 2 }) };
    const disk = memoryDisk();
    const inline = await disk.save(project, 'inline.convstudio.json');
    const sidecar = await disk.save(project, 'big.convstudio.json', 10);
    expect(inline.sidecar).toBeUndefined();
    expect(JSON.parse(inline.text).weights).toMatchObject({ storage: 'inline', pipelineHash: trained.hash });
    expect(sidecar.sidecar?.name).toMatch(/^big\.convstudio\.json\.weights-[0-9a-f]{16}\.bin$/);
    expect(JSON.parse(sidecar.text).weights).toMatchObject({ storage: 'sidecar', file: sidecar.sidecar!.name, bytes: sidecar.sidecar!.bytes.length, sha256: sidecar.sidecar!.sha256 });
    for (const name of ['inline.convstudio.json', 'big.convstudio.json']) {
      const { project: read, sidecar: used } = await disk.open(name);
      expect(used).toBe(name === 'big.convstudio.json' ? sidecar.sidecar!.name : undefined);
      expect(read.weights?.meta).toEqual({ epochs: 2 });
      expect(output(modelWithWeights(read.pipeline, read.weights, name))).toEqual(output(trained));
    }
  });

  it("carries batch norm's running mean and variance (buffers), inline and in the sidecar, bit for bit", async () => {
    const model = createModel(batchNormNet());
    // Training-mode passes move the running statistics away from their initial 0 and 1.
    model.train();
    for (const seed of [1, 2, 3]) model.forward(randn([4, 1, 8, 8], { seed }));
    model.eval();
    const buffers = model.buffers().get('bn')!;
    expect(Array.from(buffers.runningMean.data).some((v) => v !== 0)).toBe(true);
    expect(Array.from(buffers.runningVar.data).some((v) => v !== 1)).toBe(true);
    const project: Project = { title: 'BN', pipeline: model.pipeline, weights: weightsOfModel(model) };
    expect([...project.weights!.tensors.keys()]).toEqual(expect.arrayContaining(['bn.runningMean', 'bn.runningVar']));
    const disk = memoryDisk();
    const inline = await disk.save(project, 'inline.convstudio.json');
    const sidecar = await disk.save(project, 'big.convstudio.json', 10);
    expect(JSON.parse(inline.text).weights.tensors.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['bn.runningMean', 'bn.runningVar']));
    expect(sidecar.sidecar).toBeDefined();
    const x = randn([2, 1, 8, 8], { seed: 9 });
    for (const name of ['inline.convstudio.json', 'big.convstudio.json']) {
      const { project: read } = await disk.open(name);
      for (const buffer of ['runningMean', 'runningVar']) expect(read.weights!.tensors.get(`bn.${buffer}`)!.data, `${name} ${buffer}`).toEqual(buffers[buffer].data);
      const reopened = modelWithWeights(read.pipeline, read.weights, name);
      expect(reopened.buffers().get('bn')!.runningMean.data).toEqual(buffers.runningMean.data);
      expect(reopened.buffers().get('bn')!.runningVar.data).toEqual(buffers.runningVar.data);
      // Evaluation normalises with the running statistics, so the output depends on them.
      expect(reopened.forward(x).get(reopened.outputId)!.data).toEqual(model.forward(x).get(model.outputId)!.data);
    }
    // Without them (a file from before buffers), the model starts from 0 and 1 and evaluates differently.
    const withoutBuffers = { ...project.weights!, tensors: new Map([...project.weights!.tensors].filter(([name]) => !name.startsWith('bn.running'))) };
    const fresh = modelWithWeights(project.pipeline, withoutBuffers, 'old.convstudio.json');
    expect(Array.from(fresh.buffers().get('bn')!.runningVar.data)).toEqual([1, 1, 1, 1]);
    expect(fresh.forward(x).get(fresh.outputId)!.data).not.toEqual(model.forward(x).get(model.outputId)!.data);
    // A buffer of the wrong shape is refused, naming the tensor.
    const wrong = { ...project.weights!, tensors: new Map(project.weights!.tensors).set('bn.runningVar', { shape: [3], data: new Float32Array(3) }) };
    expect(() => modelWithWeights(project.pipeline, wrong, 'bad.convstudio.json')).toThrow('bad.convstudio.json: weights.bn.runningVar: expected shape [4], got [3]');
  });

  it('refuses a file from a newer ConvStudio, naming both versions', async () => {
    const text = JSON.stringify({ format: 'convstudio-project', version: 3, title: 'x', pipeline: tinyPipeline() });
    await expect(readProject(text, { fileName: 'new.convstudio.json' })).rejects.toThrow(
      'new.convstudio.json: version: made by a newer ConvStudio (project format version 3); this one reads versions 1 to 2. Update ConvStudio to open it',
    );
  });

  it('names the file and the field of what is wrong', async () => {
    const trained = createModel(tinyPipeline());
    const disk = memoryDisk();
    const good = await disk.save({ title: 'T', pipeline: trained.pipeline, weights: weightsOfModel(trained) }, 'net.convstudio.json', 10);
    const doc = JSON.parse(good.text);
    const read = (document: unknown, readBeside?: (name: string) => Promise<Uint8Array>) => readProject(JSON.stringify(document), { fileName: 'net.convstudio.json', readBeside });
    await expect(read(doc)).rejects.toThrow(/^net\.convstudio\.json: weights\.file: this project keeps its weights in net\.convstudio\.json\.weights-[0-9a-f]{16}\.bin beside it/);
    await expect(read(doc, async () => { throw new Error('no such file'); })).rejects.toThrow(/weights\.file: the weights file .* could not be read: no such file$/);
    const other = new Uint8Array(good.sidecar!.bytes);
    other[other.length - 1] ^= 1;
    await expect(read(doc, async () => other)).rejects.toThrow(/^net\.convstudio\.json: weights\.sha256: the weights file .* is not the one the project was saved with/);
    await expect(read(doc, async () => other.subarray(8))).rejects.toThrow(/^net\.convstudio\.json: weights\.bytes: the weights file .* has \d+ bytes, the project was saved with \d+/);
    await expect(read({ ...doc, weights: { ...doc.weights, file: '../x.bin' } })).rejects.toThrow('net.convstudio.json: weights.file: expected a file name beside the project, without folders');
    await expect(read({ ...doc, weights: { ...doc.weights, pipelineHash: '00000000000000' } })).rejects.toThrow(/^net\.convstudio\.json: weights\.pipelineHash: these weights were saved for another pipeline/);
    const inline = JSON.parse((await writeProject({ title: 'T', pipeline: trained.pipeline, weights: weightsOfModel(trained) }, { fileName: 'net.convstudio.json' })).text);
    inline.weights.tensors[1].values.pop();
    await expect(read(inline)).rejects.toThrow('net.convstudio.json: weights.tensors[1].values: expected 2 values for shape [2], got 1');
    await expect(read({ ...doc, pipeline: { ...doc.pipeline, nodes: [] } })).rejects.toThrow(/^net\.convstudio\.json: pipeline\.nodes: /);
    await expect(read({ ...doc, viewState: 3 })).rejects.toThrow(/^net\.convstudio\.json: viewState: /);
    await expect(readProject('{', { fileName: 'net.convstudio.json' })).rejects.toThrow(/^net\.convstudio\.json: \(file\): not valid JSON/);
    await expect(readProject('x'.repeat(11), { fileName: 'net.convstudio.json', maxBytes: 10 })).rejects.toThrow('net.convstudio.json: (file): too large: expected at most 10 bytes, got 11');
    await expect(read({ format: 'convstudio-weights', version: 1 })).rejects.toBeInstanceOf(ProjectFileError);
  });

  it('names what a document that is not a version 2 project is, and reads one of exactly the size limit', async () => {
    const read = (document: unknown) => readProject(JSON.stringify(document), { fileName: 'net.convstudio.json' });
    for (const [document, got] of [[null, 'null'], [[1], '\\[1\\]'], ['text', "'text'"]] as const) {
      await expect(read(document)).rejects.toThrow(new RegExp(`^net\\.convstudio\\.json: \\(document\\): expected a ConvStudio project object, got ${got}`));
    }
    await expect(read({ format: 'convstudio-weights', version: 2 })).rejects.toThrow('net.convstudio.json: format: this is a weights file, not a project: open the project it belongs to (the CLI takes it as --weights)');
    await expect(read({ format: 'other', version: 2 })).rejects.toThrow('net.convstudio.json: format: expected "convstudio-project" (or an older "convstudio-pipeline"), got');
    await expect(read({ format: 'convstudio-project', version: 0 })).rejects.toThrow(`net.convstudio.json: version: expected 1 or ${PROJECT_VERSION}, got 0`);
    await expect(read({ format: 'convstudio-project', version: '2' })).rejects.toThrow(`net.convstudio.json: version: expected 1 or ${PROJECT_VERSION}, got`);
    await expect(read({ format: 'convstudio-project', version: PROJECT_VERSION })).rejects.toThrow(/^net\.convstudio\.json: (?!\(document\)|format|version)\w+: /);
    const text = (await writeProject({ title: 'T', pipeline: tinyPipeline() }, { fileName: 'net.convstudio.json' })).text;
    await expect(readProject(text, { fileName: 'net.convstudio.json', maxBytes: text.length })).resolves.toMatchObject({ project: { title: 'T' } });
  });

  it('refuses to write weights that would not open again', async () => {
    const trained = createModel(tinyPipeline());
    const weights = weightsOfModel(trained);
    weights.tensors.set('fc.bias', { shape: [2], data: Float32Array.of(0, Number.NaN) });
    await expect(writeProject({ title: 'T', pipeline: trained.pipeline, weights }, { fileName: 'net.convstudio.json' })).rejects.toThrow('net.convstudio.json: weights.fc.bias[1]: expected a finite float32, got NaN (training diverged?)');
    const other = createModel(templates[0].build());
    await expect(writeProject({ title: 'T', pipeline: trained.pipeline, weights: weightsOfModel(other) }, { fileName: 'net.convstudio.json' })).rejects.toThrow(/weights\.pipelineHash: the weights belong to another pipeline/);
  });
});

describe('old files, migrated (one test per committed old file)', () => {
  it("cli-template-v1.json: the CLI's bare pipeline opens as a project named after its template, and saves as version 2", async () => {
    const { project, migratedFrom } = await readProject(fixture('cli-template-v1.json'), { fileName: 'cli-template-v1.json' });
    expect(migratedFrom).toBe('convstudio-pipeline v1');
    expect(project).toMatchObject({ title: 'Small FCN', projectId: 'small-fcn' });
    expect(project.pipeline).toEqual(JSON.parse(fixtureText('cli-template-v1.json')));
    const disk = memoryDisk();
    await disk.save(project, 'fcn.convstudio.json');
    expect((await disk.open('fcn.convstudio.json')).project).toEqual(project);
  });

  it('cli-tiny-pipeline-v1.json: a hand-written bare pipeline opens with a title from its name, and saves as version 2', async () => {
    const { project } = await readProject(fixture('cli-tiny-pipeline-v1.json'), { fileName: 'tiny.json' });
    expect(project).toMatchObject({ title: 'Tiny classifier', projectId: 'tiny-classifier' });
    expect(project.weights).toBeUndefined();
    const disk = memoryDisk();
    await disk.save(project, 'tiny.convstudio.json');
    expect(JSON.parse(disk.files.get('tiny.convstudio.json') as string)).toMatchObject({ format: 'convstudio-project', version: 2 });
    expect((await disk.open('tiny.convstudio.json')).project).toEqual(project);
  });

  it("cli-weights-v1.json: the CLI's JSON weights give the model today's loader gives, and travel in a version 2 project", async () => {
    const weights = await readWeightsFile(fixture('cli-weights-v1.json'), { fileName: 'cli-weights-v1.json' });
    const untrained = createModel(tinyPipeline());
    const expected = createModel(tinyPipeline(), { parameters: loadWeights(JSON.parse(fixtureText('cli-weights-v1.json')), untrained) });
    const model = modelWithWeights(untrained.pipeline, weights, 'cli-weights-v1.json');
    expect(output(model)).toEqual(output(expected));
    expect((weights.meta?.history as unknown[]).length).toBe(2);
    const disk = memoryDisk();
    await disk.save({ title: 'Tiny', pipeline: untrained.pipeline, weights }, 'tiny.convstudio.json', 0);
    const again = await readWeightsFile(new TextEncoder().encode(disk.files.get('tiny.convstudio.json') as string), {
      fileName: 'tiny.convstudio.json',
      readBeside: async (name) => disk.files.get(name) as Uint8Array,
    });
    expect(output(modelWithWeights(untrained.pipeline, again, 'tiny.convstudio.json'))).toEqual(output(expected));
  });

  it("studio-inline-v1.convstudio.json: the studio's project with weights in its nodes opens as it was, view state included", async () => {
    const { project, migratedFrom } = await readProject(fixture('studio-inline-v1.convstudio.json'), { fileName: 'inline.convstudio.json' });
    expect(migratedFrom).toBe('convstudio-project v1');
    const v1 = JSON.parse(fixtureText('studio-inline-v1.convstudio.json'));
    expect(project).toEqual({ title: v1.title, projectId: v1.projectId, viewState: v1.viewState, pipeline: v1.pipeline });
    const disk = memoryDisk();
    await disk.save(project, 'again.convstudio.json');
    expect(JSON.parse(disk.files.get('again.convstudio.json') as string)).toMatchObject({ format: 'convstudio-project', version: 2 });
    expect((await disk.open('again.convstudio.json')).project).toEqual(project);
  });

  it("studio-binary-v1.convstudio.json: the studio's project with a CSWB v1 file beside it opens as its inline twin does", async () => {
    const { project, sidecar } = await readProject(fixture('studio-binary-v1.convstudio.json'), { fileName: 'binary.convstudio.json', readBeside: fixtureBeside });
    expect(sidecar).toBe('studio-binary-v1.convstudio.json.weights-b2d8a5e4d02ded88.bin');
    // The weights beside it become named tensors, with the shapes of the pipeline's layers; the model is its inline twin's.
    expect(project.weights!.tensors.get('conv1.weight')!.shape).toEqual([2, 1, 5, 5]);
    expect(project.pipeline.nodes.some((n) => 'weight' in n || 'biasValues' in n)).toBe(false);
    const inline = await readProject(fixture('studio-inline-v1.convstudio.json'), { fileName: 'inline.convstudio.json' });
    expect(output(modelWithWeights(project.pipeline, project.weights, 'binary'))).toEqual(output(createModel(inline.project.pipeline)));
    expect(project.viewState).toEqual(inline.project.viewState);
    const disk = memoryDisk();
    await disk.save(project, 'again.convstudio.json');
    expect((await disk.open('again.convstudio.json')).project).toEqual(project);
    const bin = fixture(sidecar!);
    bin[bin.length - 8] ^= 1;
    await expect(readProject(fixture('studio-binary-v1.convstudio.json'), { fileName: 'binary.convstudio.json', readBeside: async () => bin })).rejects.toThrow(
      /^binary\.convstudio\.json: weightsSha256: the weights file studio-binary-v1\.convstudio\.json\.weights-b2d8a5e4d02ded88\.bin is not the one the project was saved with/,
    );
    await expect(readWeightsFile(fixture(sidecar!), { fileName: 'w.bin' })).rejects.toThrow("w.bin: version: the studio's first binary weights hold no shapes");
  });
});
