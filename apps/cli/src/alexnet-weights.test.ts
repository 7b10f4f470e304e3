import { alexNet, createModel, readProject, weightsOfModel } from '@convstudio/core';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { recordingIo, removeTemporaryDirectories } from './test-io.fixture.js';

afterAll(removeTemporaryDirectories);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// Issue 13: AlexNet with all 61,100,840 weights saves and reopens through the one project format
// (the 64 MiB cap of the JSON weights forbade it). The CLI writes weights with import (and train,
// which cannot train AlexNet on its datasets): export the template's seeded weights to ONNX,
// import them as a project (a 244 MB sidecar), reopen it, export it again.
describe('AlexNet with all its weights through the CLI', () => {
  it('import writes them to a sidecar that reopens bit for bit, and export writes the same ONNX bytes again', async () => {
    const io = recordingIo();
    expect(await main(['template', 'alexnet', '--out', 'alexnet.convstudio.json'], io)).toBe(0);
    expect(await main(['export', 'alexnet.convstudio.json', '--onnx', 'alexnet.onnx'], io)).toBe(0);
    expect(await main(['import', 'alexnet.onnx', '--out', 'imported.convstudio.json'], io)).toBe(0);
    expect(io.err).toBe('');
    const sidecars = (await readdir(io.cwd)).filter((f) => f.startsWith('imported.convstudio.json.weights-'));
    expect(sidecars).toHaveLength(1);
    expect(io.out).toContain(`wrote imported.convstudio.json and ${sidecars[0]} beside it`);

    const readBeside = async (name: string) => new Uint8Array(await readFile(join(io.cwd, name)));
    const { project, sidecar } = await readProject(await readBeside('imported.convstudio.json'), { fileName: 'imported.convstudio.json', readBeside, sha256: async (b) => sha256(b) });
    expect(sidecar).toBe(sidecars[0]);
    const expected = weightsOfModel(createModel(alexNet())).tensors;
    const read = project.weights!.tensors;
    expect([...read.values()].reduce((n, t) => n + t.data.length, 0)).toBe(61_100_840);
    expect([...read.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, t] of expected) {
      const got = read.get(name)!;
      expect(got.shape, name).toEqual(t.shape);
      // Bit for bit: the bytes of each tensor, compared by their SHA-256 (not value by value through expect).
      expect(sha256(new Uint8Array(got.data.buffer, got.data.byteOffset, got.data.byteLength)), name).toBe(sha256(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)));
    }

    expect(await main(['export', 'imported.convstudio.json', '--onnx', 'again.onnx'], io)).toBe(0);
    expect(io.out).toContain('with the weights saved in imported.convstudio.json');
    expect(sha256(await readFile(join(io.cwd, 'again.onnx')))).toBe(sha256(await readFile(join(io.cwd, 'alexnet.onnx'))));
    expect(await main(['cost', 'imported.convstudio.json', '--json'], io)).toBe(0);
  }, 240_000);
});
