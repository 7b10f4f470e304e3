import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sampleProject } from '../shared/testing/sample-project.js';
import { Autosave } from './autosave.js';

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'convstudio-autosave-')), 'autosave');
});

describe('Autosave', () => {
  it('offers the autosave back after a crash, once', async () => {
    const crashed = new Autosave(dir);
    expect(await crashed.start()).toBe(false);
    await crashed.write(sampleProject());
    // No finish(): the process died. The next session finds the marker.
    const next = new Autosave(dir);
    expect(await next.start()).toBe(true);
    const recovery = await next.takeRecovery();
    expect(recovery).toMatchObject({ status: 'recovered', project: sampleProject() });
    expect(await next.takeRecovery()).toEqual({ status: 'none' });
  });

  it('offers nothing after a clean quit', async () => {
    const session = new Autosave(dir);
    await session.start();
    await session.write(sampleProject());
    await session.finish();
    expect(await readdir(dir)).toEqual([]);
    const next = new Autosave(dir);
    expect(await next.start()).toBe(false);
    expect(await next.takeRecovery()).toEqual({ status: 'none' });
  });

  it('reports a damaged autosave instead of opening it', async () => {
    const session = new Autosave(dir);
    await session.start();
    await writeFile(session.file, '{"format": "convstudio-pro');
    const next = new Autosave(dir);
    expect(await next.start()).toBe(true);
    expect(await next.takeRecovery()).toMatchObject({ status: 'error', message: expect.stringMatching(/^the autosave could not be recovered: project file is not valid JSON/) });
  });
});
