import { describe, expect, it } from 'vitest';
import { memoryStore } from './kv-store.js';
import { MAX_RECENT_COPY_CHARS, recentProjects } from './recent-projects.js';

const ids = () => {
  let n = 0;
  return () => `id${++n}`;
};

describe('recent projects in the browser', () => {
  it('lists the newest first, moves a reopened file to the top, and keeps a copy of each', async () => {
    const store = memoryStore();
    const recent = recentProjects(store, { newId: ids() });
    await recent.add({ name: 'a.convstudio.json', title: 'A', text: 'a1' });
    await recent.add({ name: 'b.convstudio.json', title: 'B', text: 'b1' });
    await recent.add({ name: 'a.convstudio.json', title: 'A', text: 'a2' });
    const list = await recent.list();
    expect(list.map((e) => [e.id, e.name])).toEqual([['id1', 'a.convstudio.json'], ['id2', 'b.convstudio.json']]);
    expect(await recent.copy('id1')).toBe('a2');
  });

  it('keeps only the newest few, with their copies', async () => {
    const store = memoryStore();
    const recent = recentProjects(store, { keep: 2, newId: ids() });
    for (const name of ['1', '2', '3']) await recent.add({ name, title: name, text: name });
    expect((await recent.list()).map((e) => e.name)).toEqual(['3', '2']);
    expect(await recent.copy('id1')).toBeUndefined();
    expect([...store.data.keys()].sort()).toEqual(['recent', 'recent-copy:id2', 'recent-copy:id3']);
  });

  it('keeps no copy of a very large project, and removes an entry on request', async () => {
    const recent = recentProjects(memoryStore(), { newId: ids() });
    const entry = await recent.add({ name: 'big.json', title: 'Big', text: 'x'.repeat(MAX_RECENT_COPY_CHARS + 1) });
    expect(entry.hasCopy).toBe(false);
    expect(await recent.copy(entry.id)).toBeUndefined();
    await recent.remove(entry.id);
    expect(await recent.list()).toEqual([]);
  });
});
