/**
 * Before and after, side by side in one process: trains the MNIST CNN one epoch at a time with
 * this tree's core and with another copy of core's `src/` (`BASELINE`), alternating which goes
 * first, and times `createModel(alexNet())` the same way. On a shared machine only ratios from
 * one run mean anything; the report gives each tree's median epoch, their ratio and the load.
 * It also checks exactness: both trees train from the same seeds, so a change that keeps every
 * value must give the same training loss to the last bit.
 *
 *   git archive <commit> packages/core/src | tar -x -C /tmp/base   (plus node_modules links)
 *   cd packages/core/bench && BASELINE=/tmp/base/packages/core/src npm run bench:train-compare -- [--epochs 4] [--threads 1] [--models 3]
 *
 * Without BASELINE only this tree runs. Writes results/train-compare.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { startBenchRun } from '@convstudio/bench-meta';

import * as here from '../src/index.ts';

type Core = typeof here;

const folder = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { epochs: { type: 'string', default: '4' }, threads: { type: 'string', default: '1' }, models: { type: 'string', default: '3' } } });
const epochs = Number(values.epochs);
const threads = Number(values.threads);
const modelRuns = Number(values.models);
const BASELINE = process.env.BASELINE;

interface Series {
  label: string;
  core: Core;
  model?: ReturnType<Core['createModel']>;
  epochMs: number[];
  losses: number[];
  createMs: number[];
  /** Wall time of every training step (between progress reports), ms. */
  stepMs: number[];
  /** CPU time (user + system) of the process over each epoch, ms: what other jobs' load changes least. */
  cpuMs: number[];
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)];
const median = (xs: number[]) => quantile(xs, 0.5);
// A step's 10th percentile: on a shared machine the steps that ran undisturbed.
const quietStep = (s: Series) => quantile(s.stepMs, 0.1);
const series: Series[] = [{ label: 'this tree', core: here, epochMs: [], losses: [], createMs: [], stepMs: [], cpuMs: [] }];
if (BASELINE) {
  const core = (await import(pathToFileURL(join(resolve(BASELINE), 'index.ts')).href)) as Core;
  series.push({ label: `baseline (${BASELINE})`, core, epochMs: [], losses: [], createMs: [], stepMs: [], cpuMs: [] });
}

const benchRun = startBenchRun({ code: ['packages/core/src', 'packages/core/assembly'] });
const { train: data } = await here.loadMnist({ task: 'digits', seed: 0 });
for (const s of series) {
  await s.core.wasmKernelsReady();
  if (threads > 1) await s.core.startCpuThreads(threads);
  s.model = s.core.createModel(s.core.mnistCnn());
}
const options = { batchSize: 32, optimizer: { kind: 'adam' as const, learningRate: 0.0015 } };
for (let epoch = 1; epoch <= epochs; epoch++) {
  // Alternating which goes first, so neither always meets a quieter moment or a warmer cache.
  for (const s of epoch % 2 === 0 ? [...series].reverse() : series) {
    const { core } = s;
    // The same shuffle seed per epoch on both sides; each model keeps training from where it was.
    const images = new core.Tensor(data.images.data, data.images.shape);
    const cpu = process.cpuUsage();
    const started = performance.now();
    let last = started;
    const onProgress = () => {
      const now = performance.now();
      if (epoch > 1) s.stepMs.push(now - last);
      last = now;
    };
    const result = await core.withBackend(core.createCpuBackend({ threads }), () =>
      core.train(s.model!, { train: { images, labels: data.labels } }, { ...options, epochs: 1, seed: epoch, onProgress }),
    );
    s.epochMs.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    s.cpuMs.push((used.user + used.system) / 1000);
    s.losses.push(result.history[0].trainLoss);
    console.log(`${s.label}: epoch ${epoch} ${((performance.now() - started) / 1000).toFixed(2)} s, train loss ${result.history[0].trainLoss}`);
  }
}
for (let run = 0; run < modelRuns; run++) {
  for (const s of run % 2 === 0 ? series : [...series].reverse()) {
    const started = performance.now();
    s.core.createModel(s.core.alexNet());
    s.createMs.push(performance.now() - started);
    console.log(`${s.label}: createModel(alexNet()) ${((performance.now() - started) / 1000).toFixed(3)} s`);
  }
}

const later = (s: Series) => (s.epochMs.length > 1 ? s.epochMs.slice(1) : s.epochMs);
const rows = series.map(
  (s) => `| ${s.label} | ${(median(s.cpuMs.slice(1)) / 1000).toFixed(2)} | ${(median(later(s)) / 1000).toFixed(2)} | ${(Math.min(...s.epochMs) / 1000).toFixed(2)} | ${quietStep(s).toFixed(2)} | ${s.epochMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} | ${s.losses.at(-1)?.toPrecision(9)} | ${(median(s.createMs) / 1000).toFixed(3)} |`,
);
const lines = [
  `Run of ${new Date().toISOString()}, command \`${BASELINE ? `BASELINE=${BASELINE} ` : ''}npm run bench:train-compare -- --epochs ${epochs} --threads ${threads} --models ${modelRuns}\` in packages/core/bench.`,
  '',
  ...benchRun.headerLines(),
  `- MNIST CNN (\`createModel(mnistCnn())\`), 8,000 digits, batch 32, Adam lr 0.0015, ${threads} thread(s) per call, one \`train\` call per epoch (shuffle seed = epoch); epochs alternate between the trees`,
  '',
  '| core | CPU s/epoch (median of epochs 2…n) | s/epoch (median of epochs 2…n) | fastest epoch, s | step ms, 10th percentile (epochs 2…n) | every epoch, s | train loss of the last epoch | createModel(alexNet()), s (median) |',
  '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  ...rows,
];
if (series.length === 2) {
  const [ours, base] = series;
  const same = ours.losses.every((l, i) => Object.is(l, base.losses[i]));
  lines.push(
    '',
    `Baseline ÷ this tree (above 1× means this tree is faster): CPU time per epoch ${(median(base.cpuMs.slice(1)) / median(ours.cpuMs.slice(1))).toFixed(2)}× (medians; leaves out the baseline's setTimeout waits, which cost wall time only); wall time per epoch ${(median(later(base)) / median(later(ours))).toFixed(2)}× (medians), ${(Math.min(...base.epochMs) / Math.min(...ours.epochMs)).toFixed(2)}× (fastest epochs), ${(quietStep(base) / quietStep(ours)).toFixed(2)}× (steps' 10th percentiles: under load the least disturbed), createModel(alexNet()) ${(median(base.createMs) / median(ours.createMs)).toFixed(2)}×.`,
    `Training losses of every epoch equal to the last bit: ${same ? 'yes' : `no (${ours.losses.map((l, i) => `${l} vs ${base.losses[i]}`).join('; ')})`}.`,
  );
}
lines.push('', benchRun.loadLine(), '');
const markdown = lines.join('\n');
const out = join(folder, 'results', 'train-compare.md');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, markdown);
console.log(`\n${markdown}`);
