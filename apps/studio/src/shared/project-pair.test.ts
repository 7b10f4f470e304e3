import { describe, expect, it } from 'vitest';
import { isWeightsFileOf, packProject, sha256Hex, unpackProject, weightsFileName } from './project-pair.js';
import { parseProject } from './project-schema.js';
import { sampleProject } from './testing/sample-project.js';
import { weightedProject } from './testing/weighted-project.js';

/** A folder in memory, as the browser host will keep one in IndexedDB. */
function memoryFolder() {
  const files = new Map<string, Uint8Array>();
  const readBeside = async (name: string, maxBytes: number) => {
    const bytes = files.get(name);
    if (!bytes) throw new Error(`${name}: ENOENT`);
    if (bytes.length > maxBytes) throw new Error(`${name}: too large`);
    return bytes;
  };
  return { files, readBeside };
}

describe('project and weights as a pair', () => {
  it('keeps small weights inline and large ones in a binary file named by its hash', async () => {
    expect(await packProject(sampleProject(), 'net.convstudio.json')).toEqual({ text: `${JSON.stringify(sampleProject(), null, 2)}\n` });
    const project = weightedProject();
    const packed = await packProject(project, 'net.convstudio.json', 1000);
    const doc = JSON.parse(packed.text);
    expect(doc.weightsFile).toBe(`net.convstudio.json.weights-${packed.weights!.sha256.slice(0, 16)}.bin`);
    expect(doc).toMatchObject({ weightsSha256: await sha256Hex(packed.weights!.bytes), weightsBytes: packed.weights!.bytes.length });
    expect(doc.pipeline.nodes[1].weight).toBeUndefined();
    expect(packed.weights!.bytes.length).toBeLessThan(12_832 * 4 + 200); // float32, not JSON text
    const folder = memoryFolder();
    folder.files.set(packed.weights!.name, packed.weights!.bytes);
    expect(await unpackProject(packed.text, folder.readBeside)).toEqual({ ok: true, project, weightsFile: packed.weights!.name });
  });

  it('keeps the weights of a layer called __proto__ or constructor', async () => {
    for (const id of ['__proto__', 'constructor', 'hasOwnProperty']) {
      const project = weightedProject({ id });
      expect(parseProject(project)).toMatchObject({ ok: true });
      const packed = await packProject(project, 'net.convstudio.json', 10);
      const folder = memoryFolder();
      folder.files.set(packed.weights!.name, packed.weights!.bytes);
      expect(await unpackProject(packed.text, folder.readBeside)).toMatchObject({ ok: true, project });
    }
  });

  it('refuses weights from another save, a truncated or a missing file, naming the field', async () => {
    const first = await packProject(weightedProject({ value: () => 0.5 }), 'net.convstudio.json', 10);
    const second = await packProject(weightedProject({ value: () => 0.25 }), 'net.convstudio.json', 10);
    expect(first.weights!.name).not.toBe(second.weights!.name);
    const folder = memoryFolder();
    folder.files.set(first.weights!.name, second.weights!.bytes); // another save's weights under this name
    expect(await unpackProject(first.text, folder.readBeside)).toEqual({ ok: false, error: expect.stringMatching(/^weightsSha256: the weights file net\.convstudio\.json\.weights-[0-9a-f]{16}\.bin is not the one the project was saved with .*never runs with weights from another save$/) });
    folder.files.set(first.weights!.name, first.weights!.bytes.subarray(0, 100));
    expect(await unpackProject(first.text, folder.readBeside)).toEqual({ ok: false, error: expect.stringMatching(/^weightsBytes: the weights file .* has 100 bytes, the project was saved with \d+/) });
    folder.files.clear();
    expect(await unpackProject(first.text, folder.readBeside)).toEqual({ ok: false, error: expect.stringMatching(/^weightsFile: the weights file .* could not be read: .*ENOENT/) });
  });

  it('names weights files so that no two projects share one', () => {
    const hash = 'ab'.repeat(32);
    const names = ['net.json', 'net.convstudio.json', 'net', 'net.weights.json', 'net.json.weights-abababababababab.bin'];
    const files = names.map((n) => weightsFileName(n, hash));
    expect(new Set(files).size).toBe(names.length);
    for (const [i, project] of names.entries()) {
      expect(files.filter((f) => isWeightsFileOf(project, f))).toEqual([files[i]]);
    }
    expect(isWeightsFileOf('net.json', 'net.json.weights-ABABABABABABABAB.bin')).toBe(false);
  });

  it('still opens a project saved with a JSON weights file, __proto__ layer included', async () => {
    const project = weightedProject({ id: '__proto__', kernelSize: 1, inChannels: 1, outChannels: 2 });
    const node = project.pipeline.nodes[1] as unknown as { weight: { values: number[] }; biasValues: number[] };
    const stripped = { ...project, weightsFile: 'net.weights.json', pipeline: { ...project.pipeline, nodes: [project.pipeline.nodes[0], { ...node, weight: undefined, biasValues: undefined }, project.pipeline.nodes[2]] } };
    const folder = memoryFolder();
    folder.files.set('net.weights.json', new TextEncoder().encode(`{"format":"convstudio-weights","version":1,"nodes":{"__proto__":{"weight":${JSON.stringify(node.weight.values)},"bias":${JSON.stringify(node.biasValues)}}}}`));
    expect(await unpackProject(JSON.stringify(stripped), folder.readBeside)).toMatchObject({ ok: true, project });
    folder.files.set('net.weights.json', new TextEncoder().encode('{"format":"convstudio-weights","version":1,"nodes":{"ghost":{"weight":[1]}}}'));
    expect(await unpackProject(JSON.stringify(stripped), folder.readBeside)).toMatchObject({ ok: false, error: expect.stringMatching(/nodes\.ghost: expected a layer of the project/) });
  });
});
