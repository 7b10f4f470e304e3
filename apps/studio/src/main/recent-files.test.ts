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
    await recent.remove('/p/5.convstudio.json');
    expect((await RecentFiles.load(file)).paths).toEqual(recent.paths);
  });

  it('starts empty when the list is damaged', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'convstudio-recent-')), 'recent.json');
    await writeFile(file, '{"not": "a list"}');
    expect((await RecentFiles.load(file)).paths).toEqual([]);
  });
});
