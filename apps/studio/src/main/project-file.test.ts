import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { serializeProject, type ProjectDocument } from '../shared/project-schema.js';
import { sampleProject } from '../shared/testing/sample-project.js';
import { FileAccess } from './file-access.js';
import { readProjectFile, withProjectExtension, writeProjectFile } from './project-file.js';

/** The project with `n` weight values on its first conv layer, inline. */
function withValues(project: ProjectDocument, n: number): ProjectDocument {
  const nodes = project.pipeline.nodes.map((node) => (node.id === 'conv1' ? { ...node, weight: { values: Array.from({ length: n }, (_, i) => i / n) } } : node)) as ProjectDocument['pipeline']['nodes'];
  return { ...project, pipeline: { ...project.pipeline, nodes } };
}
// A fresh session that only knows the project path, as after a restart.
const readBack = (path: string) => {
  const fresh = new FileAccess(join(dir, 'userData'));
  fresh.grant(path, 'recent');
  return readProjectFile(fresh, path);
};

let dir: string;
let access: FileAccess;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'convstudio-project-'));
  access = new FileAccess(join(dir, 'userData'));
});

describe('project files', () => {
  it('writes a project and reads it back', async () => {
    const path = access.grant(join(dir, 'net.convstudio.json'), 'dialog');
    await writeProjectFile(access, path, sampleProject());
    expect(await readFile(path, 'utf8')).toBe(serializeProject(sampleProject()));
    expect(await readProjectFile(access, path)).toEqual({ ok: true, project: sampleProject() });
  });

  it('refuses a malformed file, naming the file and the fault', async () => {
    const path = access.grant(join(dir, 'bad.convstudio.json'), 'dialog');
    await writeFile(path, '{"format": "convstudio-project", ');
    const result = await readProjectFile(access, path);
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining(`${path}: project file is not valid JSON`) });
    await writeFile(path, JSON.stringify({ ...sampleProject(), version: 7 }));
    expect(await readProjectFile(access, path)).toMatchObject({ ok: false, error: expect.stringMatching(/not a ConvStudio project: version/) });
  });

  it('refuses a huge file before parsing it', async () => {
    const path = access.grant(join(dir, 'huge.convstudio.json'), 'dialog');
    await writeFile(path, serializeProject(sampleProject()) + ' '.repeat(2048));
    expect(await readProjectFile(access, path, 1024)).toMatchObject({ ok: false, error: expect.stringMatching(/file too large: expected at most 1 KiB, got \d+(\.\d)? KiB/) });
  });

  it('never reads or writes a path the user did not choose', async () => {
    const path = join(dir, 'elsewhere.convstudio.json');
    await writeFile(path, serializeProject(sampleProject()));
    expect(await readProjectFile(access, path)).toMatchObject({ ok: false, error: expect.stringMatching(/was not chosen by the user/) });
    await expect(writeProjectFile(access, join(dir, 'other.convstudio.json'), sampleProject())).rejects.toThrow(/was not chosen by the user/);
  });

  it('keeps large weights in a weights file beside the project and joins them on reading', async () => {
    const project = withValues(sampleProject(), 50);
    const path = access.grant(join(dir, 'big.convstudio.json'), 'dialog');
    await writeProjectFile(access, path, project, 40);
    expect((await readdir(dir)).sort()).toEqual(['big.convstudio.json', 'big.weights.json']);
    const saved = JSON.parse(await readFile(path, 'utf8'));
    expect(saved.weightsFile).toBe('big.weights.json');
    expect(saved.pipeline.nodes.find((n: { id: string }) => n.id === 'conv1').weight).toBeUndefined();
    expect(await readBack(path)).toEqual({ ok: true, project });
    await writeProjectFile(access, path, sampleProject(), 40);
    expect(JSON.parse(await readFile(path, 'utf8')).weightsFile).toBeUndefined();
  });

  it('names a missing or foreign weights file, and never reads outside the folder', async () => {
    const path = access.grant(join(dir, 'big.convstudio.json'), 'dialog');
    await writeProjectFile(access, path, withValues(sampleProject(), 50), 40);
    await rm(join(dir, 'big.weights.json'));
    expect(await readProjectFile(access, path)).toMatchObject({ ok: false, error: expect.stringMatching(/weightsFile: the weights file beside the project could not be read: .*ENOENT/) });
    await writeFile(join(dir, 'big.weights.json'), JSON.stringify({ format: 'convstudio-weights', version: 1, nodes: { ghost: { weight: [1] } } }));
    expect(await readProjectFile(access, path)).toMatchObject({ ok: false, error: expect.stringMatching(/nodes\.ghost: expected a layer of the project/) });
    const saved = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...saved, weightsFile: '../secret.weights.json' }));
    expect(await readProjectFile(access, path)).toMatchObject({ ok: false, error: expect.stringMatching(/expected a file name beside .*, got "\.\.\/secret\.weights\.json"/) });
  });

  it('adds the extension the user left out', () => {
    expect(['net', 'net.json', 'net.convstudio.json', 'NET.ConvStudio.JSON'].map(withProjectExtension)).toEqual(['net.convstudio.json', 'net.convstudio.json', 'net.convstudio.json', 'NET.ConvStudio.JSON']);
  });
});
