import { describe, expect, it } from 'vitest';
import { projectText, sampleProject } from '../../shared/testing/sample-project.js';
import { memoryStore } from './kv-store.js';
import { recoveryPoints } from './recovery-points.js';

// A clock that moves one second per call, so every point has its own time.
const clock = (start = Date.UTC(2026, 0, 1)) => {
  let t = start;
  return () => new Date((t += 1000));
};
const titled = (title: string) => ({ ...sampleProject(), title });

describe('recovery points in the browser', () => {
  it("offers the newest unsaved work of an earlier session, once, and never this session's own", async () => {
    const store = memoryStore();
    const now = clock();
    const earlier = recoveryPoints(store, 'session-a', { now });
    await earlier.write(titled('first'));
    await earlier.write(titled('second'));
    expect((await earlier.offer()).point).toBeUndefined();

    const next = recoveryPoints(store, 'session-b', { now });
    const offer = await next.offer();
    expect(offer.point?.project).toEqual(titled('second'));
    expect(offer.notes).toEqual([]);
    expect((await recoveryPoints(store, 'session-c', { now }).offer()).point).toBeUndefined();
  });

  it('offers nothing once the work was saved, and offers edits made after the save', async () => {
    const store = memoryStore();
    const now = clock();
    const session = recoveryPoints(store, 'a', { now });
    await session.write(titled('before save'));
    await session.markSaved();
    expect((await recoveryPoints(store, 'b', { now }).offer()).point).toBeUndefined();
    await session.write(titled('after save'));
    expect((await recoveryPoints(store, 'c', { now }).offer()).point?.project.title).toBe('after save');
  });

  it('skips the work of a session still open in another tab', async () => {
    const store = memoryStore();
    await recoveryPoints(store, 'open-tab', { now: clock() }).write(titled('live'));
    const offer = await recoveryPoints(store, 'new-tab').offer(async (id) => id === 'open-tab');
    expect(offer.point).toBeUndefined();
  });

  it('keeps the newest few, and never deletes a point it could not read: it says so once and offers the next', async () => {
    const store = memoryStore();
    const now = clock();
    const session = recoveryPoints(store, 'a', { now, keep: 2 });
    for (const title of ['1', '2', '3', '4']) await session.write(titled(title));
    expect((await session.list()).points.map((p) => p.title)).toEqual(['4', '3']);

    // A newer point that does not read back: a damaged value, and one that is not a project.
    store.data.set('recovery:2030-01-01T00:00:00.000Z:a', { version: 1, sessionId: 'a', savedAt: '2030-01-01T00:00:00.000Z', title: 'x', text: '{"format":' });
    store.data.set('recovery:2030-01-02T00:00:00.000Z:a', 'garbage');
    await session.write(titled('5'));
    const listed = await session.list();
    expect(listed.points.map((p) => p.title)).toEqual(['5', '4']);
    expect(listed.unreadable.map((u) => u.key)).toEqual(['recovery:2030-01-02T00:00:00.000Z:a', 'recovery:2030-01-01T00:00:00.000Z:a']);

    const offer = await recoveryPoints(store, 'b', { now }).offer();
    expect(offer.point?.project.title).toBe('5');
    expect(offer.notes).toHaveLength(2);
    expect(offer.notes[0]).toMatch(/could not be read \(it is not a recovery point this studio wrote\); it is kept in this browser's storage\.$/);
    expect(offer.notes[1]).toMatch(/could not be read \(recovery point: \(file\): not valid JSON/);
    // Said once; the points stay.
    expect((await recoveryPoints(store, 'c', { now }).offer()).notes).toEqual([]);
    expect((await session.list()).unreadable).toHaveLength(2);
  });

  it('keeps a point the store cannot read at all', async () => {
    const store = memoryStore({ failing: ['recovery:2026-01-01T00:00:00.500Z:a'] });
    const session = recoveryPoints(store, 'a', { now: clock(), keep: 1 });
    await session.write(titled('new'));
    await session.write(titled('newer'));
    expect(await store.keys()).toContain('recovery:2026-01-01T00:00:00.500Z:a');
    expect(await session.read('recovery:2026-01-01T00:00:00.500Z:a')).toEqual({ ok: false, error: "the recovery point could not be read (cannot read recovery:2026-01-01T00:00:00.500Z:a); it stays in this browser's storage" });
    const point = (await session.list()).points[0];
    expect(await session.read(point.key)).toEqual({ ok: true, project: titled('newer') });
    expect(await projectText(titled('newer'))).toContain('newer');
  });
  it('reads each stored point at most once while pruning after autosaves', async () => {
    const store = memoryStore();
    const reads: string[] = [];
    const counted = { ...store, get: <T>(key: string) => (reads.push(key), store.get<T>(key)) };
    const session = recoveryPoints(counted, 'a', { now: clock(), keep: 3 });
    for (let i = 0; i < 6; i++) await session.write(titled(String(i)));
    // Its own points were written whole: pruning never parses them back.
    expect(reads).toEqual([]);
    // Another session's point is read once, then known.
    store.data.set('recovery:2030-01-01T00:00:00.000Z:b', { version: 2, sessionId: 'b', savedAt: '2030-01-01T00:00:00.000Z', title: 'b', project: titled('b') });
    await session.write(titled('6'));
    await session.write(titled('7'));
    expect(reads).toEqual(['recovery:2030-01-01T00:00:00.000Z:b']);
    expect((await session.list()).points.map((p) => p.title)).toEqual(['b', '7', '6']);
  });
});
