// Two lab workers training at once in Chromium, with and without the V8 flag the desktop app sets
// (src/main/js-flags.ts): each worker's epochs, and the full (mark-compact) collections V8 ran,
// counted from Chromium's `--trace-gc` output. One worker alone is the yardstick: two workers on
// two cores should each train about as fast as one alone. The one-worker legs are also the
// studio's training speed where it runs: the MNIST CNN in a Chromium worker, relaxed SIMD where
// the browser validates it.
//
//   npx tsx --conditions @convstudio/source apps/studio/bench/lab-worker-gc.ts [--images 8000] [--epochs 3] [--reps 2]
//
// Writes bench/results/lab-worker-gc.md, stamped with the commit, machine and load.
import { startBenchRun, writeReport } from '@convstudio/bench-meta';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, defaultClientConditions } from 'vite';
import { STUDIO_JS_FLAGS } from '../src/main/js-flags.js';
import { serveStatic } from './static-server.js';

const { values } = parseArgs({ options: { images: { type: 'string', default: '8000' }, epochs: { type: 'string', default: '3' }, reps: { type: 'string', default: '2' } } });
const images = Number(values.images);
const epochs = Number(values.epochs);
const reps = Number(values.reps);
const pageRoot = fileURLToPath(new URL('lab-worker-gc/', import.meta.url));
const benchDir = fileURLToPath(new URL('.', import.meta.url));

interface Leg {
  workers: number;
  flags: string;
  /** Per repetition: each worker's epochs, ms. */
  epochMs: number[][][];
  /** Per repetition: full collections in the whole browser. */
  markCompacts: number[];
}

/** Mean of every worker's epochs after the first (the first includes compiling the kernels). */
const steadyMean = (rep: number[][]) => {
  const later = rep.flatMap((epochsOfWorker) => epochsOfWorker.slice(1));
  return later.reduce((a, b) => a + b, 0) / later.length;
};

interface PageResult {
  epochMs: number[][];
  relaxedSimd: boolean;
  userAgent: string;
}

/** Chromium's profile folders, removed at the end (its helper processes write to them while it exits). */
const profiles: string[] = [];

/** Where the running leg's page posts its result; set by {@link runLeg}. */
let onResult: ((body: string) => void) | undefined;

/**
 * One browser per leg, spawned directly: V8's `--trace-gc` lines reach Chromium's stdout, which
 * Playwright does not pass on. The page runs on load and posts its epochs to `/result`.
 */
async function runLeg(url: string, workers: number, flags: string): Promise<PageResult & { markCompacts: number }> {
  let markCompacts = 0;
  const profile = mkdtempSync(join(tmpdir(), 'lab-worker-gc-profile-'));
  profiles.push(profile);
  const chrome: ChildProcess = spawn('/usr/bin/chromium', [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    `--user-data-dir=${profile}`, `--js-flags=${`--trace-gc ${flags}`.trim()}`,
    `${url}?workers=${workers}&images=${images}&epochs=${epochs}`,
  ], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const count = (chunk: Buffer) => void (markCompacts += chunk.toString().match(/Mark-Compact/g)?.length ?? 0);
  chrome.stdout?.on('data', count);
  chrome.stderr?.on('data', count);
  try {
    const result = await new Promise<PageResult>((resolve, reject) => {
      chrome.on('error', reject);
      onResult = (body) => {
        const parsed = JSON.parse(body) as PageResult | { error: string };
        if ('error' in parsed) reject(new Error(`lab-worker-gc: the page failed: ${parsed.error}`));
        else resolve(parsed);
      };
    });
    return { ...result, markCompacts };
  } finally {
    onResult = undefined;
    // Its own process group (detached): the renderer and GPU helpers go with the browser.
    if (chrome.pid) process.kill(-chrome.pid, 'SIGKILL');
  }
}

const run = startBenchRun({ code: ['apps/studio/src/main/js-flags.ts', 'apps/studio/bench/lab-worker-gc', 'packages/core/src', 'packages/core/assembly'] });
const outDir = mkdtempSync(join(tmpdir(), 'lab-worker-gc-'));
await build({
  configFile: false,
  root: pageRoot,
  base: './',
  logLevel: 'warn',
  resolve: { conditions: ['@convstudio/source', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
});
const server = await serveStatic(outDir, { onPost: (path, body) => (path === '/result' ? onResult?.(body) : undefined) });
const legs: Leg[] = [];
let browser = { relaxedSimd: false, userAgent: '' };
for (const workers of [1, 2]) for (const flags of ['', STUDIO_JS_FLAGS]) legs.push({ workers, flags, epochMs: [], markCompacts: [] });
try {
  // Repetitions interleave the legs, so a change in the machine's load touches all of them.
  for (let rep = 0; rep < reps; rep++) {
    for (const leg of legs) {
      const result = await runLeg(server.url, leg.workers, leg.flags);
      leg.epochMs.push(result.epochMs);
      leg.markCompacts.push(result.markCompacts);
      browser = { relaxedSimd: result.relaxedSimd, userAgent: result.userAgent };
      console.log(`${leg.workers} worker(s), flags "${leg.flags || 'none'}": epochs ${result.epochMs.map((w) => w.map((ms) => (ms / 1000).toFixed(2)).join('/')).join(', ')} s, ${result.markCompacts} mark-compacts`);
    }
  }
} finally {
  await server.close();
  for (const dir of [outDir, ...profiles]) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

const mean = (leg: Leg) => leg.epochMs.map(steadyMean).reduce((a, b) => a + b, 0) / leg.epochMs.length;
const find = (workers: number, flags: string) => legs.find((l) => l.workers === workers && l.flags === flags) ?? (undefined as never);
const table = [
  '| workers | V8 flags | mean epoch after the first, s | full collections per run | two workers ÷ one alone |',
  '| ---: | --- | ---: | --- | ---: |',
  ...legs.map((leg) => {
    const alone = find(1, leg.flags);
    const ratio = leg.workers === 2 ? `${(mean(leg) / mean(alone)).toFixed(2)}x` : '';
    return `| ${leg.workers} | ${leg.flags ? `\`${leg.flags}\`` : 'none'} | ${(mean(leg) / 1000).toFixed(2)} | ${leg.markCompacts.join(', ')} | ${ratio} |`;
  }),
];
const raw = legs.map((leg) => `- ${leg.workers} worker(s), ${leg.flags || 'no flags'}: ${leg.epochMs.map((rep) => rep.map((w) => w.map((ms) => (ms / 1000).toFixed(2)).join('/')).join(', ')).join('; ')} s`);
writeReport(
  [
    '# Lab workers training at once in Chromium: V8 full collections (lab-worker-gc.ts)',
    '',
    ...run.headerLines(),
    `- ${browser.userAgent} (/usr/bin/chromium, --headless=new); relaxed SIMD ${browser.relaxedSimd ? 'validates, so core runs its relaxed kernels' : 'does not validate: core runs plain SIMD128'}; each worker trains the MNIST CNN (core's \`train\`, 1 kernel thread) on ${images.toLocaleString('en-US')} generated 28x28 images, batch 32, Adam, ${epochs} epochs; ${reps} repetitions, legs interleaved`,
    `- Command: \`npx tsx --conditions @convstudio/source apps/studio/bench/lab-worker-gc.ts --images ${images} --epochs ${epochs} --reps ${reps}\``,
    '',
    ...table,
    '',
    'Every epoch (s; workers separated by commas, repetitions by semicolons):',
    ...raw,
    '',
    run.loadLine(),
    '',
  ].join('\n'),
  benchDir,
  'lab-worker-gc.md',
);
