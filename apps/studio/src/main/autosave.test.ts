import { mkdir, mkdtemp, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_PROJECT_BYTES } from '../shared/project-schema.js';
import { projectText, sampleProject } from '../shared/testing/sample-project.js';
import { comparable, weightedProject } from '../shared/testing/weighted-project.js';
import { Autosave, RECOVERY_POINTS } from './autosave.js';

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'convstudio-autosave-')), 'autosave');
});

/** A session that autosaves `project` and then dies (no finish()). */
async function crashWith(write: (session: Autosave) => Promise<void>) {
  const session = new Autosave(dir);
  await session.start();
  await write(session);
}

describe('Autosave', () => {
  it('offers the autosave back after a crash, once', async () => {
    const crashed = new Autosave(dir);
    expect(await crashed.start()).toBe(false);
    await crashed.write(sampleProject());
    // No finish(): the process died. The next session finds the autosave.
    const next = new Autosave(dir);
    expect(await next.start()).toBe(true);
    const recovery = await next.takeRecovery();
    expect(recovery).toMatchObject({ status: 'recovered', project: sampleProject() });
    expect(await next.takeRecovery()).toEqual({ status: 'none' });
  });

  it('offers nothing after a clean quit', async () => {
    const session = new Autosave(dir);
    await session.start();
    await session.write(weightedProject({ outChannels: 256 })); // with a weights file
    await session.finish();
    expect(await readdir(join(dir, 'current'))).toEqual([]);
    const next = new Autosave(dir);
    expect(await next.start()).toBe(false);
    expect(await next.takeRecovery()).toEqual({ status: 'none' });
  });

  it('autosaves as a save does: binary weights beside a small project', async () => {
    const session = new Autosave(dir);
    await session.start();
    await session.write(weightedProject({ outChannels: 256 })); // 102,400 weights
    const files = (await readdir(join(dir, 'current'))).sort();
    expect(files).toEqual(['autosave.convstudio.json', expect.stringMatching(/^autosave\.convstudio\.json\.weights-[0-9a-f]{16}\.bin$/)]);
    expect((await stat(session.file)).size).toBeLessThan(4096);
  });

  it('recovers an autosave of 2.4 million weights (refused and deleted above 1.9 million before)', async () => {
    const project = weightedProject({ inChannels: 16, outChannels: 256, kernelSize: 24, value: (i) => Math.fround(Math.sin(i)) });
    await crashWith((s) => s.write(project));
    const next = new Autosave(dir);
    await next.start();
    const recovery = await next.takeRecovery();
    expect(recovery.status === 'recovered' && comparable(recovery.project)).toEqual(comparable(project));
  });

  it.each([
    ['damaged', '{"format": "convstudio-pro', /\(file\): not valid JSON/],
    ['from a newer version', JSON.stringify({ format: 'convstudio-project', version: 3, title: 'x', pipeline: sampleProject().pipeline }), /version: made by a newer ConvStudio \(project format version 3\)/],
  ])('keeps a %s autosave aside, never deletes it, and says where', async (_what, text, reason) => {
    await crashWith((s) => writeFile(s.file, text));
    const next = new Autosave(dir);
    expect(await next.start()).toBe(true);
    const result = await next.takeRecovery();
    expect(result).toEqual({ status: 'error', message: expect.stringMatching(/^The autosave of your last session could not be recovered \(.*\)\. It was kept in .*unreadable.*\.$/) });
    const kept = /It was kept in (.*)\.$/.exec((result as { message: string }).message)![1];
    expect((result as { message: string }).message).toMatch(reason);
    expect(await readFile(join(kept, 'autosave.convstudio.json'), 'utf8')).toBe(text);
    expect(await next.takeRecovery()).toEqual({ status: 'none' });
    await new Autosave(dir).start(); // later sessions keep it too
    expect(await readFile(join(kept, 'autosave.convstudio.json'), 'utf8')).toBe(text);
  });

  it('keeps an autosave over the size limit aside, and says where', async () => {
    await crashWith(async (s) => {
      await s.write(sampleProject());
      await truncate(s.file, MAX_PROJECT_BYTES + 1); // sparse: no 64 MiB written
    });
    const next = new Autosave(dir);
    await next.start();
    const result = await next.takeRecovery();
    expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(/file too large: expected at most 64 MiB, got 64 MiB.*It was kept in /) });
    const kept = /It was kept in (.*)\.$/.exec((result as { message: string }).message)![1];
    expect((await stat(join(kept, 'autosave.convstudio.json'))).size).toBe(MAX_PROJECT_BYTES + 1);
  });

  it('keeps an autosave whose weights file is damaged, with its weights', async () => {
    await crashWith((s) => s.write(weightedProject({ outChannels: 256 })));
    const weights = (await readdir(join(dir, 'current'))).find((f) => f.endsWith('.bin'))!;
    await writeFile(join(dir, 'current', weights), 'CSWB truncated');
    const next = new Autosave(dir);
    await next.start();
    const result = await next.takeRecovery();
    expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(/weights\.bytes: the weights file .* has 14 bytes/) });
    const kept = /It was kept in (.*)\.$/.exec((result as { message: string }).message)![1];
    expect((await readdir(kept)).sort()).toEqual(['autosave.convstudio.json', weights]);
  });

  it('keeps the last recovery points: a second crash does not overwrite the first', async () => {
    await crashWith((s) => s.write({ ...sampleProject(), title: 'first crash' }));
    await crashWith((s) => s.write({ ...sampleProject(), title: 'second crash' }));
    const third = new Autosave(dir);
    await third.start();
    expect(await third.takeRecovery()).toMatchObject({ status: 'recovered', project: { title: 'second crash' } });
    const points = await readdir(third.recoveryDir);
    expect(points).toHaveLength(2);
    expect(JSON.parse(await readFile(join(third.recoveryDir, points[0], 'autosave.convstudio.json'), 'utf8')).title).toBe('first crash');
    for (let i = 0; i < RECOVERY_POINTS + 2; i++) await crashWith((s) => s.write({ ...sampleProject(), title: `crash ${i}` }));
    await new Autosave(dir).start();
    const kept = await readdir(third.recoveryDir);
    expect(kept).toHaveLength(RECOVERY_POINTS);
    const titles = await Promise.all(kept.map(async (p) => JSON.parse(await readFile(join(third.recoveryDir, p, 'autosave.convstudio.json'), 'utf8')).title));
    expect(titles).toEqual(['crash 2', 'crash 3', 'crash 4', 'crash 5', 'crash 6']);
  });

  it('keeps the files an earlier version left as recovery points', async () => {
    const old = new Autosave(dir);
    await old.start();
    await writeFile(join(dir, 'recovered.convstudio.json'), await projectText({ ...sampleProject(), title: 'old recovered' }));
    await writeFile(join(dir, 'autosave.convstudio.json'), await projectText({ ...sampleProject(), title: 'old autosave' }));
    const next = new Autosave(dir);
    expect(await next.start()).toBe(true);
    expect(await next.takeRecovery()).toMatchObject({ status: 'recovered', project: { title: 'old autosave' } });
    expect(await next.takeRecovery()).toMatchObject({ status: 'recovered', project: { title: 'old recovered' } });
  });

  it('says a recovery point without its autosave file is missing it, in words, and keeps the folder', async () => {
    const session = new Autosave(dir);
    await session.start();
    const point = join(session.recoveryDir, '2026-01-01T00-00-00-000Z');
    await mkdir(point);
    await writeFile(join(point, 'notes.txt'), 'kept');
    const result = await new Autosave(dir).takeRecovery();
    const kept = /It was kept in (.*)\.$/.exec((result as { message: string }).message)![1];
    // The path is said once, where it was kept: the reason loses the file's own path prefix.
    expect(result).toEqual({ status: 'error', message: `The autosave of your last session could not be recovered (the autosave file is missing). It was kept in ${kept}.` });
    expect(await readFile(join(kept, 'notes.txt'), 'utf8')).toBe('kept');
  });

  it('keeps two unreadable recovery points aside, one after the other', async () => {
    await crashWith((s) => writeFile(s.file, '{"damaged'));
    await crashWith((s) => writeFile(s.file, '{"damaged too'));
    const next = new Autosave(dir);
    await next.start();
    expect(await next.takeRecovery()).toMatchObject({ status: 'error' });
    expect(await next.takeRecovery()).toMatchObject({ status: 'error' });
    const kept = await readdir(next.unreadableDir);
    expect(kept).toHaveLength(2);
    const texts = await Promise.all(kept.map((p) => readFile(join(next.unreadableDir, p, 'autosave.convstudio.json'), 'utf8')));
    expect(texts.sort()).toEqual(['{"damaged', '{"damaged too']);
  });

  it('offers nothing, and does not fail, before its folder exists', async () => {
    expect(await new Autosave(dir).takeRecovery()).toEqual({ status: 'none' });
  });

  it('may finish twice (two quit paths), and finish a session that never started', async () => {
    const session = new Autosave(dir);
    await session.start();
    await session.finish();
    await session.finish();
    await new Autosave(join(dir, 'never-started')).finish();
    expect(await readdir(dir)).not.toContain('running');
  });

  it('ignores files that are not recovery points in the recovery folder', async () => {
    await crashWith((s) => s.write({ ...sampleProject(), title: 'the crash' }));
    const next = new Autosave(dir);
    await mkdir(next.recoveryDir, { recursive: true });
    await writeFile(join(next.recoveryDir, 'zz .DS_Store'), ''); // sorts after every time stamp
    await next.start();
    expect(await next.takeRecovery()).toMatchObject({ status: 'recovered', project: { title: 'the crash' } });
    expect(await readdir(next.dir)).not.toContain('unreadable');
    // The point is named by its time, not counted on from the stray file's name.
    expect((await readdir(next.recoveryDir)).filter((n) => n !== 'zz .DS_Store')).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/)]);
  });

  describe('with the clock stopped', () => {
    beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-04T05:06:07.089Z') }));
    afterEach(() => void vi.useRealTimers());

    it('keeps the newest of many recovery points made in one millisecond (a pruned name is not reused)', async () => {
      for (let i = 0; i < 12; i++) await crashWith((s) => s.write({ ...sampleProject(), title: `crash ${i}` }));
      const next = new Autosave(dir);
      await next.start();
      expect(await next.takeRecovery()).toMatchObject({ status: 'recovered', project: { title: 'crash 11' } });
      const kept = (await readdir(next.recoveryDir)).sort();
      expect(kept).toEqual(['2026-03-04T05-06-07-089Z-007', '2026-03-04T05-06-07-089Z-008', '2026-03-04T05-06-07-089Z-009', '2026-03-04T05-06-07-089Z-010', '2026-03-04T05-06-07-089Z-011']);
    });

    it('offers the newest crash after the clock was set back', async () => {
      await crashWith((s) => s.write({ ...sampleProject(), title: 'before' }));
      await crashWith((s) => s.write({ ...sampleProject(), title: 'later' }));
      vi.setSystemTime(new Date('2026-03-01T00:00:00.000Z')); // the clock corrected three days back
      await crashWith((s) => s.write({ ...sampleProject(), title: 'latest' }));
      const next = new Autosave(dir);
      await next.start();
      expect(await next.takeRecovery()).toMatchObject({ status: 'recovered', project: { title: 'latest' } });
      expect(await next.takeRecovery()).toMatchObject({ status: 'recovered', project: { title: 'later' } });
      expect(await readdir(next.recoveryDir)).toEqual(['2026-03-04T05-06-07-089Z', '2026-03-04T05-06-07-089Z-001', '2026-03-04T05-06-07-089Z-002']);
      // Once the clock is past the last point again, points are named by their time.
      vi.setSystemTime(new Date('2026-03-05T00:00:00.000Z'));
      await crashWith((s) => s.write({ ...sampleProject(), title: 'next day' }));
      await new Autosave(dir).start();
      expect((await readdir(next.recoveryDir)).at(-1)).toBe('2026-03-05T00-00-00-000Z');
    });
  });
});
