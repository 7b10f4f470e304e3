import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { plainProject } from '../shared/testing/plain-values.js';
import { FileAccess } from './file-access.js';
import { readProjectFile, writeProjectFile } from './project-file.js';
import { generation } from './testing/save-generations.js';

// Kills a process that saves in a loop at random moments and checks that the project on disk
// always opens, to the last save the child finished or the one it was in (never a mix of two),
// and that opening removes what the killed save left. Each child costs about a second to start
// and warm up, so the default run kills 12+ children over 220+ saves (15-30 s); KILL_TEST_SEED=<n>
// repeats a run, KILL_TEST_KILLS=<n> asks for a longer one.
const SEED = Number(process.env.KILL_TEST_SEED ?? 17);
const MIN_SAVES = 220;
const MIN_KILLS = Number(process.env.KILL_TEST_KILLS ?? 12);
const MAX_ROUNDS = MIN_KILLS + 60;

let child: string;
beforeAll(async () => {
  // One bundle, started by plain node: a child through tsx takes seconds to start, this one half a second.
  child = join(await mkdtemp(join(tmpdir(), 'convstudio-kill-child-')), 'save-loop-child.mjs');
  const entry = fileURLToPath(new URL('./testing/save-loop-child.ts', import.meta.url));
  // mnist (dynamically imported by core's data module, never by a save) is left out: 20 MB of JSON.
  await build({ entryPoints: [entry], outfile: child, bundle: true, platform: 'node', format: 'esm', conditions: ['@convstudio/source'], external: ['mnist'], logLevel: 'warning' });
}, 60_000);

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Starts the child at generation `first` and kills it during save number `saves + 1` of this
 * run, at a random fraction of the time the previous save took (of 30 ms when `saves` is 0):
 * counting saves rather than milliseconds keeps the run's length the same on a loaded machine.
 * Resolves with the last generation the child reported finished.
 */
function saveUntilKilled(path: string, first: number, saves: number, fraction: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, path, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const finished: number[] = [];
    const killIn = (ms: number) => setTimeout(() => proc.kill('SIGKILL'), ms);
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const before = out.split('\n').length - 1;
      out += chunk;
      for (const line of out.split('\n').slice(before, -1)) {
        if (line === 'ready' && saves === 0) killIn(fraction * 30);
        const done = /^(\d+) (\d+)$/.exec(line);
        if (!done) continue;
        finished.push(Number(done[1]));
        if (finished.length === saves) killIn(fraction * Number(done[2]));
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(finished.at(-1)) : reject(new Error(`the saving child stopped by itself: ${err || out}`))));
  });
}

describe('saves killed at random moments', () => {
  it(`always leave the previous or the new save, whole, over ${MIN_SAVES}+ saves`, async () => {
    const random = mulberry32(SEED);
    const dir = await mkdtemp(join(tmpdir(), 'convstudio-kill-'));
    const path = join(dir, 'net.convstudio.json');
    const access = new FileAccess(join(dir, 'userData'));
    access.grant(path, 'dialog');
    await writeProjectFile(access, path, generation(0).project, generation(0).inlineLimit);

    const stats = { seed: SEED, kills: 0, saves: 0, previous: 0, next: 0, leftTemporary: 0, leftWeights: 0 };
    let onDisk = 0;
    while ((stats.saves < MIN_SAVES || stats.kills < MIN_KILLS) && stats.kills < MAX_ROUNDS) {
      const finished = (await saveUntilKilled(path, onDisk + 1, Math.floor(random() * 40), random())) ?? onDisk;
      stats.kills++;
      stats.saves += finished - onDisk;
      // What the kill left before anything tidies it.
      const named = (JSON.parse(await readFile(path, 'utf8')) as { weights?: { file?: string } }).weights?.file;
      const before = await readdir(dir);
      stats.leftTemporary += before.filter((f) => f.endsWith('.tmp')).length;
      stats.leftWeights += before.filter((f) => f.endsWith('.bin') && f !== named).length;

      const fresh = new FileAccess(join(dir, 'userData'));
      fresh.grant(path, 'recent');
      const result = await readProjectFile(fresh, path);
      if (!result.ok) throw new Error(`after kill ${stats.kills} (last finished save ${finished}): ${result.error}`);
      const k = Number(/^generation (\d+)$/.exec(result.project.title)?.[1]);
      expect([finished, finished + 1]).toContain(k);
      // Read layer values come back as Float32Arrays: compare them as numbers.
      expect(plainProject(result.project)).toEqual(plainProject(generation(k).project));
      if (k === finished) stats.previous++;
      else stats.next++;
      expect((await readdir(dir)).sort()).toEqual(['net.convstudio.json', ...(named ? [named] : [])].sort());
      onDisk = k;
    }
    console.log(`kill test: ${JSON.stringify(stats)}`);
    expect(stats.saves).toBeGreaterThanOrEqual(MIN_SAVES);
  }, 600_000);
});
