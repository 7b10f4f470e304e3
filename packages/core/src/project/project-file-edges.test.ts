import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pipelineHash } from '../nn/compile-pipeline.js';
import { createModel } from '../nn/model.js';
import { webCryptoSha256 } from './digest.js';
import { weightsOfModel } from './model-weights.js';
import { readProject, writeProject } from './project-file.js';
import { MAX_SIDECAR_BYTES, PROJECT_VERSION, type Project } from './project-schema.js';
import { encodeWeightsSidecar } from './weights-sidecar.js';

// The version 2 checks that a round trip of good files never reaches: inline tensors that are
// named twice or overflow float32, a sidecar over the size limit or of another pipeline, weights
// whose shapes do not fit the layers, and the fields a project carries through unchanged.

const tinyPipeline = () => JSON.parse(readFileSync(new URL('./legacy-fixtures/cli-tiny-pipeline-v1.json', import.meta.url), 'utf8'));
const fileName = 'net.convstudio.json';
const REFUSED = 'the project was not opened, so that it never runs with weights from another save';
const image = { name: 'dot.png', mimeType: 'image/png' as const, width: 1, height: 1, data: 'iVBORw0KGgo=' };

/** The tiny pipeline's seeded model as a project with inline weights, as JSON to edit. */
async function inlineDocument() {
  const model = createModel(tinyPipeline());
  return JSON.parse((await writeProject({ title: 'T', pipeline: model.pipeline, weights: weightsOfModel(model) }, { fileName })).text);
}
const read = (document: unknown, readBeside?: (name: string) => Promise<Uint8Array>) => readProject(JSON.stringify(document), { fileName, ...(readBeside ? { readBeside } : {}) });

describe('reading a version 2 project', () => {
  it('refuses inline tensors named twice, or with a value float32 cannot hold, naming the tensor and the value', async () => {
    const doc = await inlineDocument();
    const twice = structuredClone(doc);
    twice.weights.tensors[2].name = twice.weights.tensors[0].name;
    await expect(read(twice)).rejects.toThrow(`${fileName}: weights.tensors[2].name: expected each name once, got "conv1.weight" twice`);
    for (const index of [0, 3]) {
      const huge = structuredClone(doc);
      huge.weights.tensors[0].values[index] = 1e39;
      await expect(read(huge)).rejects.toThrow(`${fileName}: weights.tensors[0].values[${index}]: expected a finite float32, got 1e+39`);
    }
  });

  it("refuses weights whose shapes do not fit the pipeline's layers at open, and opens a pipeline mid-edit that does not infer", async () => {
    const doc = await inlineDocument();
    const wrong = structuredClone(doc);
    wrong.weights.tensors[1] = { name: 'conv1.bias', shape: [3], values: [0, 0, 0] };
    await expect(read(wrong)).rejects.toThrow(/^net\.convstudio\.json: .*conv1\.bias/);
    // A 40x40 kernel on a 28x28 input: the pipeline checks, its shapes do not; its weights open as they are.
    const pipeline = tinyPipeline();
    pipeline.nodes[1].params.kernelSize = 40;
    const midEdit = { ...structuredClone(doc), pipeline, weights: { ...structuredClone(doc.weights), pipelineHash: pipelineHash(pipeline) } };
    const { project } = await read(midEdit);
    expect(project.weights?.tensors.get('conv1.bias')?.shape).toEqual([2]);
  });

  it('carries the project id, view state and image through, and adds no field the file lacks', async () => {
    const doc = await inlineDocument();
    const full = await read({ ...doc, projectId: 'tiny', viewState: { view: 'maps' }, image });
    expect(full.project).toMatchObject({ title: 'T', projectId: 'tiny', viewState: { view: 'maps' }, image });
    const bare = await read({ format: 'convstudio-project', version: PROJECT_VERSION, title: 'T', pipeline: tinyPipeline() });
    expect(Object.keys(bare.project).sort()).toEqual(['pipeline', 'title']);
    expect(Object.keys(bare)).toEqual(['project']);
    expect(Object.keys(await read(doc))).toEqual(['project']);
  });

  it('names (document) for a field a version 2 project does not have, and takes a string version for what it is', async () => {
    await expect(read({ format: 'convstudio-project', version: PROJECT_VERSION, title: 'T', pipeline: tinyPipeline(), extra: 1 })).rejects.toThrow(/^net\.convstudio\.json: \(document\): /);
    // '3' > 2 in JavaScript: a string is not a newer version, only a wrong one.
    await expect(read({ format: 'convstudio-project', version: '3', title: 'T' })).rejects.toThrow(`${fileName}: version: expected 1 or ${PROJECT_VERSION}, got '3'`);
  });
});

describe("reading a version 2 project's sidecar", () => {
  /** The tiny model saved with its weights in a sidecar (inline limit 0), and a disk that holds it. */
  async function sidecarProject() {
    const model = createModel(tinyPipeline());
    const written = await writeProject({ title: 'T', pipeline: model.pipeline, weights: weightsOfModel(model) }, { fileName, inlineLimit: 0 });
    if (!written.sidecar) throw new Error('no sidecar written');
    return { doc: JSON.parse(written.text), sidecar: written.sidecar };
  }

  it('refuses a sidecar above the size limit before reading it, and reads the length of one at the limit', async () => {
    const { doc, sidecar } = await sidecarProject();
    let asked = 0;
    const readBeside = async () => {
      asked++;
      return sidecar.bytes;
    };
    await expect(read({ ...doc, weights: { ...doc.weights, bytes: MAX_SIDECAR_BYTES + 1 } }, readBeside)).rejects.toThrow(
      `${fileName}: weights.bytes: expected at most ${MAX_SIDECAR_BYTES} bytes of weights, got ${MAX_SIDECAR_BYTES + 1}`,
    );
    expect(asked).toBe(0);
    await expect(read({ ...doc, weights: { ...doc.weights, bytes: MAX_SIDECAR_BYTES } }, readBeside)).rejects.toThrow(
      `${fileName}: weights.bytes: the weights file ${sidecar.name} has ${sidecar.bytes.length} bytes, the project was saved with ${MAX_SIDECAR_BYTES}; ${REFUSED}`,
    );
  });

  it("keeps the host's error as the cause, and names both hashes shortened when the content differs", async () => {
    const { doc, sidecar } = await sidecarProject();
    const missing = new Error('ENOENT');
    const error = (await read(doc, async () => { throw missing; }).catch((e: unknown) => e)) as Error;
    expect(error.cause).toBe(missing);
    const other = sidecar.bytes.slice();
    other[other.length - 1] ^= 1;
    const otherHash = await webCryptoSha256(other);
    await expect(read(doc, async () => other)).rejects.toThrow(
      `${fileName}: weights.sha256: the weights file ${sidecar.name} is not the one the project was saved with (SHA-256 ${otherHash.slice(0, 12)}…, expected ${sidecar.sha256.slice(0, 12)}…); ${REFUSED}`,
    );
  });

  it('refuses a sidecar written for another pipeline even when its length and hash are the ones named', async () => {
    const { doc } = await sidecarProject();
    const model = createModel(tinyPipeline());
    const bytes = encodeWeightsSidecar(weightsOfModel(model).tensors, '0123456789abcdef');
    const sha256 = await webCryptoSha256(bytes);
    await expect(read({ ...doc, weights: { ...doc.weights, bytes: bytes.length, sha256 } }, async () => bytes)).rejects.toThrow(
      `${doc.weights.file}: pipelineHash: expected ${doc.weights.pipelineHash} as ${fileName} names, got 0123456789abcdef`,
    );
  });
});

describe('writing a version 2 project', () => {
  const model = () => createModel(tinyPipeline());

  it('refuses a tensor whose values do not fill its shape, or whose first value is not finite', async () => {
    const m = model();
    const short = weightsOfModel(m);
    short.tensors.set('fc.bias', { shape: [2], data: Float32Array.of(1) });
    await expect(writeProject({ title: 'T', pipeline: m.pipeline, weights: short }, { fileName })).rejects.toThrow(`${fileName}: weights.fc.bias: shape [2] needs 2 values, got 1`);
    const first = weightsOfModel(m);
    first.tensors.set('fc.bias', { shape: [2], data: Float32Array.of(Infinity, 0) });
    await expect(writeProject({ title: 'T', pipeline: m.pipeline, weights: first }, { fileName })).rejects.toThrow(`${fileName}: weights.fc.bias[0]: expected a finite float32, got Infinity (training diverged?)`);
  });

  it('keeps weights inline up to exactly the inline limit, and writes the image', async () => {
    const m = model();
    const weights = weightsOfModel(m);
    const count = [...weights.tensors.values()].reduce((n, t) => n + t.data.length, 0);
    const project: Project = { title: 'T', pipeline: m.pipeline, weights, image };
    const atLimit = await writeProject(project, { fileName, inlineLimit: count });
    expect(atLimit.sidecar).toBeUndefined();
    expect(JSON.parse(atLimit.text)).toMatchObject({ image, weights: { storage: 'inline' } });
    expect((await writeProject(project, { fileName, inlineLimit: count - 1 })).sidecar).toBeDefined();
  });
});
