import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { serializeProject } from '../shared/project-schema.js';
import { sampleProject } from '../shared/testing/sample-project.js';
import { FileAccess } from './file-access.js';
import { readProjectFile, withProjectExtension, writeProjectFile } from './project-file.js';

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

  it('adds the extension the user left out', () => {
    expect(['net', 'net.json', 'net.convstudio.json', 'NET.ConvStudio.JSON'].map(withProjectExtension)).toEqual(['net.convstudio.json', 'net.convstudio.json', 'net.convstudio.json', 'NET.ConvStudio.JSON']);
  });
});
