import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RECENT, RecentFiles } from './recent-files.js';

describe('RecentFiles', () => {
  it('keeps the newest first, without duplicates, at most MAX_RECENT, across restarts', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'convstudio-recent-')), 'recent.json');
    const recent = await RecentFiles.load(file);
    for (let i = 0; i < MAX_RECENT + 2; i++) await recent.add(`/p/${i}.convstudio.json`);
    await recent.add('/p/5.convstudio.json');
    expect(recent.paths[0]).toBe('/p/5.convstudio.json');
    expect(recent.paths).toHaveLength(MAX_RECENT);
    expect(new Set(recent.paths).size).toBe(MAX_RECENT);
    const before = [...recent.paths];
    await recent.remove('/p/5.convstudio.json');
    expect(recent.paths).toEqual(before.slice(1));
    expect((await RecentFiles.load(file)).paths).toEqual(recent.paths);
  });

  it('starts empty when the list is damaged', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'convstudio-recent-')), 'recent.json');
    await writeFile(file, '{"not": "a list"}');
    expect((await RecentFiles.load(file)).paths).toEqual([]);
  });

  it('keeps the newest MAX_RECENT of a longer list written by hand', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'convstudio-recent-')), 'recent.json');
    const paths = Array.from({ length: MAX_RECENT + 3 }, (_, i) => `/p/${i}.convstudio.json`);
    await writeFile(file, JSON.stringify(paths));
    expect((await RecentFiles.load(file)).paths).toEqual(paths.slice(0, MAX_RECENT));
  });

  it('refuses a list of more than 100 paths or a path over 4096 characters, and starts empty', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'convstudio-recent-')), 'recent.json');
    await writeFile(file, JSON.stringify(['/p/a', `/${'x'.repeat(4096)}`]));
    expect((await RecentFiles.load(file)).paths).toEqual([]);
    await writeFile(file, JSON.stringify(Array.from({ length: 101 }, (_, i) => `/p/${i}`)));
    expect((await RecentFiles.load(file)).paths).toEqual([]);
    await writeFile(file, JSON.stringify(Array.from({ length: 100 }, (_, i) => `/${String(i).padEnd(4095, 'x')}`)));
    expect((await RecentFiles.load(file)).paths).toHaveLength(MAX_RECENT);
  });
});
