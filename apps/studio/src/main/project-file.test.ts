import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectDocument } from '../shared/project-schema.js';
import { plainResult } from '../shared/testing/plain-values.js';
import { projectText, sampleProject } from '../shared/testing/sample-project.js';
import { comparable, weightedProject } from '../shared/testing/weighted-project.js';
import { FileAccess } from './file-access.js';
import { readProjectFile, removeLeftovers, withProjectExtension, writeProjectFile } from './project-file.js';

/** The project with `n` weight values on its first conv layer, inline. */
function withValues(project: ProjectDocument, n: number, offset = 0): ProjectDocument {
  const nodes = project.pipeline.nodes.map((node) => (node.id === 'conv1' ? { ...node, weight: { values: Array.from({ length: n }, (_, i) => Math.fround(offset + i / n)) } } : node)) as ProjectDocument['pipeline']['nodes'];
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
    expect(await readFile(path, 'utf8')).toBe(await projectText(sampleProject()));
    expect(await readProjectFile(access, path)).toEqual({ ok: true, project: sampleProject() });
  });

  it('refuses a malformed file, naming the file and the fault', async () => {
    const path = access.grant(join(dir, 'bad.convstudio.json'), 'dialog');
    await writeFile(path, '{"format": "convstudio-project", ');
    const result = await readProjectFile(access, path);
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining(`${path}: (file): not valid JSON`) });
    await writeFile(path, JSON.stringify({ ...sampleProject(), version: 7 }));
    expect(await readProjectFile(access, path)).toMatchObject({ ok: false, error: expect.stringMatching(/bad\.convstudio\.json: version: made by a newer ConvStudio \(project format version 7\)/) });
  });

  it('refuses a huge file before parsing it', async () => {
    const path = access.grant(join(dir, 'huge.convstudio.json'), 'dialog');
    await writeFile(path, await projectText(sampleProject()) + ' '.repeat(2048));
    expect(await readProjectFile(access, path, 1024)).toMatchObject({ ok: false, error: expect.stringMatching(/file too large: expected at most 1 KiB, got \d+(\.\d)? KiB/) });
  });

  it('never reads or writes a path the user did not choose', async () => {
    const path = join(dir, 'elsewhere.convstudio.json');
    await writeFile(path, await projectText(sampleProject()));
    expect(await readProjectFile(access, path)).toMatchObject({ ok: false, error: expect.stringMatching(/was not chosen by the user/) });
    await expect(writeProjectFile(access, join(dir, 'other.convstudio.json'), sampleProject())).rejects.toThrow(/was not chosen by the user/);
  });

  it('keeps large weights in a binary weights file named by its hash, and joins them on reading', async () => {
    const project = withValues(sampleProject(), 50);
    const path = access.grant(join(dir, 'big.convstudio.json'), 'dialog');
    await writeProjectFile(access, path, project, 40);
    const saved = JSON.parse(await readFile(path, 'utf8'));
    expect(saved.weights.file).toMatch(/^big\.convstudio\.json\.weights-[0-9a-f]{16}\.bin$/);
    expect((await readdir(dir)).sort()).toEqual(['big.convstudio.json', saved.weights.file]);
    expect(saved.pipeline.nodes.find((n: { id: string }) => n.id === 'conv1').weight).toBeUndefined();
    expect(plainResult(await readBack(path))).toEqual({ ok: true, project });
    // The next save writes its weights under a new name and removes the old file once the project names the new one.
    const changed = withValues(sampleProject(), 50, 0.5);
    await writeProjectFile(access, path, changed, 40);
    const resaved = JSON.parse(await readFile(path, 'utf8'));
    expect(resaved.weights.file).not.toBe(saved.weights.file);
    expect((await readdir(dir)).sort()).toEqual(['big.convstudio.json', resaved.weights.file]);
    expect(plainResult(await readBack(path))).toEqual({ ok: true, project: changed });
    await writeProjectFile(access, path, sampleProject(), 40);
    expect(JSON.parse(await readFile(path, 'utf8')).weights?.file).toBeUndefined();
    expect(await readdir(dir)).toEqual(['big.convstudio.json']);
  });

  it('names a missing or foreign weights file, and never reads outside the folder', async () => {
    const path = access.grant(join(dir, 'big.convstudio.json'), 'dialog');
    await writeProjectFile(access, path, withValues(sampleProject(), 50), 40);
    const saved = JSON.parse(await readFile(path, 'utf8'));
    await rm(join(dir, saved.weights.file));
    expect(await readProjectFile(access, path)).toMatchObject({ ok: false, error: expect.stringMatching(/weights\.file: the weights file .* beside the project could not be read: .*ENOENT/) });
    await writeFile(path, JSON.stringify({ ...saved, weights: { ...saved.weights, file: '../secret.weights.json' } }));
    expect(await readProjectFile(access, path)).toMatchObject({ ok: false, error: expect.stringMatching(/weights\.file: expected a file name beside the project, without folders/) });
  });

  it('refuses a project beside weights from another save, and removes nothing', async () => {
    const path = access.grant(join(dir, 'net.convstudio.json'), 'dialog');
    await writeProjectFile(access, path, withValues(sampleProject(), 50, 0.25), 40);
    const older = JSON.parse(await readFile(path, 'utf8'));
    const olderWeights = await readFile(join(dir, older.weights.file));
    await writeProjectFile(access, path, withValues(sampleProject(), 50, 0.75), 40);
    const newer = JSON.parse(await readFile(path, 'utf8'));
    // What the old order (weights first, one name) could leave: this project beside another save's weights.
    await writeFile(join(dir, newer.weights.file), olderWeights);
    const before = (await readdir(dir)).sort();
    expect(await readBack(path)).toEqual({ ok: false, error: expect.stringMatching(/net\.convstudio\.json: weights\.sha256: the weights file .* is not the one the project was saved with/) });
    expect((await readdir(dir)).sort()).toEqual(before);
  });

  it('gives net.json and net.convstudio.json in one folder their own weights', async () => {
    const a = access.grant(join(dir, 'net.json'), 'dialog');
    const b = access.grant(join(dir, 'net.convstudio.json'), 'dialog');
    const projectA = withValues(sampleProject(), 50, 0.25);
    const projectB = withValues(sampleProject(), 50, 0.5);
    await writeProjectFile(access, a, projectA, 40);
    await writeProjectFile(access, b, projectB, 40);
    expect(plainResult(await readBack(a))).toEqual({ ok: true, project: projectA });
    expect(plainResult(await readBack(b))).toEqual({ ok: true, project: projectB });
    await writeProjectFile(access, a, sampleProject(), 40); // removes net.json's weights, not net.convstudio.json's
    expect(plainResult(await readBack(b))).toEqual({ ok: true, project: projectB });
  });

  it('keeps the weights of a layer whose id is __proto__', async () => {
    const project = weightedProject({ id: '__proto__', kernelSize: 3 });
    const path = access.grant(join(dir, 'proto.convstudio.json'), 'dialog');
    await writeProjectFile(access, path, project, 100);
    expect(plainResult(await readBack(path))).toEqual({ ok: true, project });
  });

  it('removes what an interrupted save left, on the next save and on opening', async () => {
    const path = access.grant(join(dir, 'net.convstudio.json'), 'dialog');
    await writeProjectFile(access, path, withValues(sampleProject(), 50), 40);
    const kept = JSON.parse(await readFile(path, 'utf8')).weights.file;
    const orphan = `net.convstudio.json.weights-${'0'.repeat(16)}.bin`;
    const leftovers = [orphan, `.net.convstudio.json.999999999-0badc0de.tmp`, `.${orphan}.999999999-0badc0de.tmp`];
    const foreign = ['.other.json.999999999-0badc0de.tmp', 'net.weights.json', `net.convstudio.json.weights-${'1'.repeat(16)}.bin`];
    const plant = () => Promise.all([...leftovers, ...foreign].map((f) => writeFile(join(dir, f), f.endsWith('.bin') && f !== foreign[2] ? 'CSWB' : 'user data')));
    await plant();
    expect(await readBack(path)).toMatchObject({ ok: true });
    // Not ours, or not a weights file (a user's file that merely has such a name): left alone.
    expect((await readdir(dir)).sort()).toEqual(['net.convstudio.json', kept, ...foreign].sort());
    await plant();
    await writeProjectFile(access, path, withValues(sampleProject(), 50), 40);
    expect((await readdir(dir)).sort()).toEqual(['net.convstudio.json', kept, ...foreign].sort());
  });

  it.skipIf(process.platform === 'win32')('saves through a symbolic link: the link stays, the weights sit beside the real file', async () => {
    await mkdir(join(dir, 'real'));
    await writeFile(join(dir, 'real', 'net.convstudio.json'), await projectText(sampleProject()));
    await symlink(join(dir, 'real', 'net.convstudio.json'), join(dir, 'link.convstudio.json'));
    const path = access.grant(join(dir, 'link.convstudio.json'), 'dialog');
    const project = withValues(sampleProject(), 50);
    await writeProjectFile(access, path, project, 40);
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
    expect((await readdir(join(dir, 'real'))).length).toBe(2);
    expect(plainResult(await readBack(path))).toEqual({ ok: true, project });
    expect(plainResult(await readBack(join(dir, 'real', 'net.convstudio.json')))).toEqual({ ok: true, project });
  });

  it('saves and reopens a project with 2.2 million trained weights (was refused above 1.9 million)', async () => {
    const project = weightedProject({ inChannels: 16, outChannels: 256, kernelSize: 23, value: (i) => Math.fround(Math.sin(i)) });
    const path = access.grant(join(dir, 'large.convstudio.json'), 'dialog');
    await writeProjectFile(access, path, project);
    const weightsFile = JSON.parse(await readFile(path, 'utf8')).weights.file;
    expect((await stat(join(dir, weightsFile))).size).toBeLessThan((2_166_784 + 256) * 4 + 1024); // float32: 8.7 MB, not 50 MB of JSON
    const result = await readBack(path);
    expect(result.ok && comparable(result.project)).toEqual(comparable(project));
  });

  it('adds the extension the user left out', () => {
    expect(['net', 'net.json', 'net.convstudio.json', 'NET.ConvStudio.JSON', 'net.json.v2', 'NET.JSON'].map(withProjectExtension)).toEqual(['net.convstudio.json', 'net.convstudio.json', 'net.convstudio.json', 'NET.ConvStudio.JSON', 'net.json.v2.convstudio.json', 'NET.convstudio.json']);
  });
});

describe('removeLeftovers', () => {
  const project = () => join(dir, 'net.convstudio.json');
  const names = async () => (await readdir(dir)).sort();

  it('removes temporary files of this process and of processes that are gone, and says which', async () => {
    const mine = `.net.convstudio.json.${process.pid}-0badc0de.tmp`; // a save of this process that failed
    const dead = '.net.convstudio.json.999999999-0badc0de.tmp';
    const running = `.net.convstudio.json.${process.ppid}-0badc0de.tmp`; // another process saving now
    for (const f of [mine, dead, running]) await writeFile(join(dir, f), 'partial');
    const result = await removeLeftovers(project(), undefined);
    expect({ removed: result.removed.sort(), kept: result.kept }).toEqual({ removed: [mine, dead].sort(), kept: [] });
    expect(await names()).toEqual([running]);
  });

  it('leaves alone what only looks like a leftover: other projects, other suffixes, links to nothing', async () => {
    const alone = [
      '.big.convstudio.json.999999999-0badc0de.tmp', // another project's name of the same length
      '.net.convstudio.json.old.999999999-0badc0de.tmp',
      '.net.convstudio.json.999999999-0badc0de.tmp.bak',
    ];
    for (const f of alone) await writeFile(join(dir, f), 'user data');
    const dangling = `net.convstudio.json.weights-${'2'.repeat(16)}.bin`;
    await symlink(join(dir, 'nowhere'), join(dir, dangling));
    expect(await removeLeftovers(project(), undefined)).toEqual({ removed: [], kept: [] });
    expect(await names()).toEqual([...alone, dangling].sort());
  });

  it('lists what it could not remove, and goes on', async () => {
    const stuck = '.net.convstudio.json.999999999-0badc0de.tmp';
    await mkdir(join(dir, stuck)); // a folder: rm without recursive refuses it
    const dead = '.net.convstudio.json.999999998-0badc0de.tmp';
    await writeFile(join(dir, dead), 'partial');
    const result = await removeLeftovers(project(), undefined);
    expect(result.removed).toEqual([dead]);
    expect(result.kept).toEqual([{ path: join(dir, stuck), error: expect.stringContaining('EISDIR') }]);
  });

  it('finds nothing to remove in a folder that does not exist', async () => {
    expect(await removeLeftovers(join(dir, 'missing', 'net.convstudio.json'), undefined)).toEqual({ removed: [], kept: [] });
  });
});
