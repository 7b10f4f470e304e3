// The sweep benchmark of issue 16: 8 MNIST-CNN variants x 2 epochs on MNIST's 8,000 training
// digits, through the same pool and SQLite store that `convstudio sweep` uses, in three legs:
//   seq-auto  one run after another, each run's kernels on all cores (core's default threads)
//   seq-1     one run after another, each run's kernels on one thread
//   par       one run per core at once (--threads, default one per core), kernels on one thread
//   torch     the same variants in PyTorch (sweep-torch-peer.py through Debian's /usr/bin/python3) on
//             one and on two threads, one after another, for the time per epoch; n/a with the reason
//             where torch does not import
// Prints wall times, speed-ups, seconds per epoch, and the load average before and after each leg
// (other processes on the machine slow the legs unevenly: read the speed-ups beside them), and
// writes the same lines, stamped with the commit, machine and load, to bench/results/sweep-parallel.md.
//
//   npm run bench:sweep -w @convstudio/cli [-- --threads 2 --epochs 2 --limit 10000 --legs seq-auto,seq-1,par]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBenchRun, writeReport } from '@convstudio/bench-meta';
import { generateVariants, mnistCnn, parseSweepSpec, runJobsOf, type ValidVariant } from '@convstudio/core';
import { RunStore } from '@convstudio/lab-store';
import { loadSweepData } from '../src/lab/sweep-data.js';
import { runPool } from '../src/lab/sweep-pool.js';
import { codeVersion, sweepHash } from '../src/lab/run-sweep.js';

const { values } = parseArgs({ options: { threads: { type: 'string' }, epochs: { type: 'string' }, limit: { type: 'string' }, legs: { type: 'string' } } });
const threads = Number(values.threads ?? availableParallelism());
const epochs = Number(values.epochs ?? 2);
const limit = Number(values.limit ?? 10_000);
const legs = (values.legs ?? 'seq-auto,seq-1,par,torch').split(',');

// 10,000 digits split 80/20 into 8,000 training and 2,000 test digits; 5 % of the training digits
// (400) validate, so each epoch trains on 7,600 and scores 400.
const parsed = parseSweepSpec({
  format: 'convstudio-sweep',
  version: 1,
  name: 'parallel benchmark',
  base: 'mnist-cnn',
  axes: [{ axis: 'kernels', values: [0.5, 1] }, { axis: 'kernelSize', values: [3, 5] }, { axis: 'denseWidth', values: [0.5, 1] }],
  seeds: [0],
  data: { dataset: 'mnist', limit, testFraction: 0.2, validationFraction: 0.05 },
  training: { epochs, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.0015 } },
});
if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('\n'));
const { spec, base } = parsed;
const variants = generateVariants(base ?? mnistCnn(), spec).filter((v): v is ValidVariant => v.ok);
const data = await loadSweepData(spec);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const benchRun = startBenchRun({ code: ['apps/cli/src/lab', 'packages/core/src', 'packages/core/assembly'] });
// Printed as they come (a leg takes minutes) and kept for the report.
const lines: string[] = [];
const print = (line: string) => {
  console.log(line);
  lines.push(line);
};
print(`sweep benchmark: ${variants.length} variants x ${epochs} epochs; ${data.summary}; ${availableParallelism()} cores; node ${process.version}`);

async function leg(name: string, legThreads: number, kernelThreads: number | 'auto'): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-bench-'));
  const store = RunStore.open(join(dir, 'bench.db'));
  try {
    const { sweepId } = store.upsertSweep(spec, sweepHash(spec, base), variants, (seed) => ({ hyperparameters: spec.training, data: spec.data, seed, codeVersion: codeVersion() }));
    const byKey = new Map(runJobsOf(variants, spec).map((j) => [j.key, j]));
    const macs = new Map(variants.map((v) => [v.id, v.macs]));
    const jobs = store.runs({ sweepId }).map((r) => ({ runId: r.id, job: byKey.get(r.key) ?? (undefined as never), cost: macs.get(r.variantId) }));
    const before = load();
    const started = performance.now();
    const counts = await runPool({ jobs, data: data.data, store, threads: legThreads, kernelThreads });
    const seconds = (performance.now() - started) / 1000;
    const runs = store.runs({ sweepId });
    const epochSeconds = runs.flatMap((r) => store.history(r.id).map((m) => m.durationMs / 1000));
    // Each variant's mean epoch, so a leg's slowdown can be traced to the variants it hits.
    const perVariant = runs.map((r) => {
      const h = store.history(r.id).map((m) => m.durationMs / 1000);
      return `${r.label} ${(h.reduce((a, b) => a + b, 0) / Math.max(1, h.length)).toFixed(2)}`;
    });
    const mean = epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length;
    print(`${name.padEnd(9)} ${legThreads} run thread(s), kernel threads ${kernelThreads}: ${seconds.toFixed(1)} s wall, ${counts.done}/${jobs.length} runs done, mean epoch ${mean.toFixed(1)} s (min ${Math.min(...epochSeconds).toFixed(1)}, max ${Math.max(...epochSeconds).toFixed(1)}); load average before ${before}, after ${load()}`);
    print(`          epoch seconds by variant: ${perVariant.join(', ')}`);
    return seconds;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const times: Record<string, number> = {};
if (legs.includes('seq-auto')) times['seq-auto'] = await leg('seq-auto', 1, 'auto');
if (legs.includes('seq-1')) times['seq-1'] = await leg('seq-1', 1, 1);
if (legs.includes('par')) times.par = await leg('par', threads, 1);
for (const base of ['seq-1', 'seq-auto']) {
  if (times[base] && times.par) print(`speed-up of par (${threads} runs at once) over ${base}: ${(times[base] / times.par).toFixed(2)}x`);
}

// PyTorch's epochs of the same variants, printed line by line into the report.
if (legs.includes('torch')) {
  const peer = join(dirname(fileURLToPath(import.meta.url)), 'sweep-torch-peer.py');
  for (const torchThreads of [1, 2]) {
    const result = spawnSync('/usr/bin/python3', [peer, '--threads', String(torchThreads), '--epochs', String(epochs)], { encoding: 'utf8' });
    const out = `${result.stdout ?? ''}`.trim();
    if (result.status !== 0 || !out) {
      const why = result.error?.message ?? `${result.stderr ?? ''}`.trim().split('\n').at(-1) ?? `exit ${result.status}`;
      print(`torch ${torchThreads} thread(s): n/a (${why})`);
      continue;
    }
    for (const line of out.split('\n')) print(`torch     ${line}`);
  }
}

const command = `npm run bench:sweep -w @convstudio/cli${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const markdown = ['# Parallel sweep benchmark (issue 16)', '', ...benchRun.headerLines(), `- Command: \`${command}\``, '', '```text', ...lines, '```', '', benchRun.loadLine(), ''].join('\n');
// writeReport prints the report too; the lines above were printed as they came.
writeReport(markdown, dirname(fileURLToPath(import.meta.url)), 'sweep-parallel.md');
