import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProjectFileError } from './project-error.js';
import { readProject } from './project-file.js';

// The old formats' paths the committed fixtures (project-file.test.ts) do not take: bare
// pipelines without a template's name, and version 1 studio projects whose weights file beside
// them is missing, damaged, of another save, or in the oldest JSON form.

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./legacy-fixtures/${name}`, import.meta.url)));
const tinyPipeline = () => JSON.parse(new TextDecoder().decode(fixture('cli-tiny-pipeline-v1.json')));
const binaryV1 = () => JSON.parse(new TextDecoder().decode(fixture('studio-binary-v1.convstudio.json')));
const BINARY_WEIGHTS = 'studio-binary-v1.convstudio.json.weights-b2d8a5e4d02ded88.bin';
/** The binary fixture without its weights file: a version 1 project whose pipeline holds everything. */
const inlineV1 = () => {
  const document = binaryV1();
  for (const key of ['weightsFile', 'weightsSha256', 'weightsBytes']) delete document[key];
  return document;
};
const REFUSED = 'the project was not opened, so that it never runs with weights from another save';

/** A version 1 studio project of the tiny pipeline whose weights are the oldest JSON file beside it. */
const jsonWeightsProject = (extra: Record<string, unknown> = {}) => ({
  format: 'convstudio-project', version: 1, projectId: 'tiny', title: 'Tiny', pipeline: tinyPipeline(), viewState: { view: 'maps' }, weightsFile: 'tiny.weights.json', ...extra,
});
const jsonWeights = (nodes: Record<string, unknown>) => new TextEncoder().encode(JSON.stringify({ format: 'convstudio-weights', version: 1, nodes }));
const open = (document: unknown, readBeside?: (name: string) => Promise<Uint8Array>) =>
  readProject(JSON.stringify(document), { fileName: 'old.convstudio.json', ...(readBeside ? { readBeside } : {}) });

describe('a bare pipeline (convstudio-pipeline v1) as a project', () => {
  const bare = (name: string | undefined) => {
    const pipeline = tinyPipeline();
    delete pipeline.name;
    return name === undefined ? pipeline : { ...pipeline, name };
  };

  it('takes its title from the name, trimmed, and makes an id of it: lower case, dashes between words, none at the ends', async () => {
    const { project, migratedFrom } = await open(bare('  --My Net: v2!--  '));
    expect(migratedFrom).toBe('convstudio-pipeline v1');
    expect(project.title).toBe('--My Net: v2!--');
    expect(project.projectId).toBe('my-net-v2');
    expect(project.pipeline.name).toBe('  --My Net: v2!--  ');
  });

  it("names a pipeline without a name, or with only spaces or signs, 'Untitled pipeline' with id 'pipeline'", async () => {
    for (const name of [undefined, '   ', '!!!']) {
      const { project } = await open(bare(name));
      expect(project.title, String(name)).toBe(name === '!!!' ? '!!!' : 'Untitled pipeline');
      expect(project.projectId, String(name)).toBe('pipeline');
    }
  });

  it("keeps an id to 64 characters, and gives a template's name its id only when the name is the template's", async () => {
    // (A pipeline's name is at most 200 characters, the longest title a project has.)
    const { project } = await open(bare('A'.repeat(200)));
    expect(project.title).toBe('A'.repeat(200));
    expect(project.projectId).toBe('a'.repeat(64));
    expect((await open(bare('Small FCN'))).project.projectId).toBe('small-fcn');
    expect((await open(bare('Small FCN 2'))).project.projectId).toBe('small-fcn-2');
    // Titles whose slug is not the template's id: the template's id wins.
    expect((await open(bare('LeNet-5'))).project.projectId).toBe('lenet5');
    expect((await open(bare('CNN (vs FCN)'))).project.projectId).toBe('cnn');
  });

  it("names the field of a broken bare pipeline from the file's top, not under 'pipeline'", async () => {
    await expect(open({ ...bare('x'), version: 7 })).rejects.toThrow(/^old\.convstudio\.json: version: /);
  });
});

describe('a studio project of version 1', () => {
  it('names the field the version 1 document gets wrong, or (document) for a field it does not have', async () => {
    const inline = inlineV1();
    await expect(open({ ...inline, title: 7 })).rejects.toThrow(/^old\.convstudio\.json: title: /);
    await expect(open({ ...inline, extra: 1 })).rejects.toThrow(/^old\.convstudio\.json: \(document\): /);
    await expect(open({ ...inline, weightsSha256: 'ABC' })).rejects.toThrow('old.convstudio.json: weightsSha256: expected 64 lowercase hex digits');
    await expect(open({ ...inline, image: { name: 'a.png', mimeType: 'image/png', width: 0, height: 1, data: '' } })).rejects.toThrow(/^old\.convstudio\.json: image\.width: /);
  });

  it('keeps its embedded image and view state, and names no weights file when it has none', async () => {
    const inline = inlineV1();
    const image = { name: 'dot.png', mimeType: 'image/png', width: 1, height: 1, data: 'iVBORw0KGgo=' };
    const result = await open({ ...inline, image });
    expect(result.project.image).toEqual(image);
    expect(result.project.viewState).toEqual(inline.viewState);
    expect(Object.keys(result).sort()).toEqual(['migratedFrom', 'project']);
    expect('weights' in result.project).toBe(false);
  });

  describe('with CSWB v1 weights beside it', () => {
    it('cannot open on a host that reads no files beside a project, and says which file it needs', async () => {
      await expect(open(binaryV1())).rejects.toThrow(
        `old.convstudio.json: weightsFile: this project keeps its weights in ${BINARY_WEIGHTS} beside it, and this host cannot read files beside a project`,
      );
    });

    it("passes on why the file could not be read, keeping the host's error as the cause", async () => {
      const missing = new Error('ENOENT: no such file');
      const error = await open(binaryV1(), async () => { throw missing; }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProjectFileError);
      expect((error as Error).message).toBe(`old.convstudio.json: weightsFile: the weights file ${BINARY_WEIGHTS} beside the project could not be read: ENOENT: no such file`);
      expect((error as Error).cause).toBe(missing);
    });

    it('refuses a file of another length or another content, naming both and why it was not opened', async () => {
      const bytes = fixture(BINARY_WEIGHTS);
      await expect(open(binaryV1(), async () => bytes.subarray(0, 1000))).rejects.toThrow(
        `old.convstudio.json: weightsBytes: the weights file ${BINARY_WEIGHTS} has 1000 bytes, the project was saved with 1040; ${REFUSED}`,
      );
      const other = bytes.slice();
      other[other.length - 1] ^= 1;
      const error = (await open(binaryV1(), async () => other).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(new RegExp(`^old\\.convstudio\\.json: weightsSha256: the weights file ${BINARY_WEIGHTS.replace(/\./g, '\\.')} is not the one the project was saved with \\(SHA-256 [0-9a-f]{12}…, expected b2d8a5e4d02d…\\); ${REFUSED}$`));
    });

    it('names the file it joined', async () => {
      const result = await open(binaryV1(), async (name) => fixture(name));
      expect(result.sidecar).toBe(BINARY_WEIGHTS);
      expect(result.project.weights?.tensors.get('fc.bias')?.shape).toEqual([2]);
    });
  });

  describe('with the oldest JSON weights beside it (no length or hash named)', () => {
    const values = { conv1: { weight: Array.from({ length: 50 }, (_, i) => i / 100), bias: [0.5, -0.5] } };

    it('moves the values into named tensors of the layers they belong to', async () => {
      const result = await open(jsonWeightsProject(), async () => jsonWeights(values));
      expect(result.sidecar).toBe('tiny.weights.json');
      const tensors = result.project.weights?.tensors;
      expect([...(tensors?.keys() ?? [])].sort()).toEqual(['conv1.bias', 'conv1.weight']);
      expect(Array.from(tensors?.get('conv1.bias')?.data ?? [])).toEqual([0.5, -0.5]);
      expect(tensors?.get('conv1.weight')?.shape).toEqual([2, 1, 5, 5]);
      expect(Array.from(tensors?.get('conv1.weight')?.data ?? [])).toEqual(Array.from(Float32Array.from(values.conv1.weight)));
    });

    it("ignores values given for the input, which has no weights", async () => {
      const result = await open(jsonWeightsProject(), async () => jsonWeights({ ...values, input: { weight: [1, 2, 3] } }));
      expect([...(result.project.weights?.tensors.keys() ?? [])].sort()).toEqual(['conv1.bias', 'conv1.weight']);
      expect(result.project.pipeline.nodes.find((n) => n.id === 'input')).toEqual(tinyPipeline().nodes[0]);
    });

    it('refuses a file that is not JSON, not the weights format, or names a layer the pipeline lacks, naming the weights file', async () => {
      await expect(open(jsonWeightsProject(), async () => new TextEncoder().encode('{ nope'))).rejects.toThrow(/^tiny\.weights\.json: \(file\): not valid JSON: /);
      await expect(open(jsonWeightsProject(), async () => jsonWeights({ conv1: { weight: ['x'] } }))).rejects.toThrow(/^tiny\.weights\.json: nodes\.conv1\.weight\.0: /);
      await expect(open(jsonWeightsProject(), async () => new TextEncoder().encode('[]'))).rejects.toThrow(/^tiny\.weights\.json: \(document\): /);
      await expect(open(jsonWeightsProject(), async () => jsonWeights({ ...values, conv9: { bias: [1] } }))).rejects.toThrow(
        'tiny.weights.json: nodes.conv9: expected a layer of the project, got an id the pipeline does not have',
      );
    });
  });
});
