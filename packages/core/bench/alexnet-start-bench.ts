/**
 * AlexNet from a cold start, as a user meets it: a fresh Node process loads core, waits for its
 * WebAssembly kernels, creates `createModel(alexNet())` (61M weights initialised) and runs its
 * first forward pass on one 3x224x224 image, then a second. Each repetition is a new process, so
 * the first forward pays what a first forward pays (compiling, growing memory). With `BASELINE`
 * (another copy of core's `src/`) the two trees alternate, one process each per repetition.
 *
 *   cd packages/core/bench && [BASELINE=/tmp/base/packages/core/src] npx tsx alexnet-start-bench.ts [--reps 5]
 *
 * Issue 19's targets: creation ≤ 0.5 s, first forward ≤ 0.3 s. Writes results/alexnet-start.md.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { startBenchRun, writeReport } from '@convstudio/bench-meta';

const folder = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { reps: { type: 'string', default: '5' }, child: { type: 'string' } } });

interface Sample {
  createMs: number;
  firstForwardMs: number;
  secondForwardMs: number;
}

if (values.child) {
  // One cold start, in this fresh process: core from the given src/ folder.
  const core = (await import(pathToFileURL(join(values.child, 'index.ts')).href)) as typeof import('../src/index.ts');
  await core.wasmKernelsReady();
  const x = core.randn([1, 3, 224, 224], { seed: 1 });
  let started = performance.now();
  const model = core.createModel(core.alexNet());
  const createMs = performance.now() - started;
  started = performance.now();
  const first = model.forward(x);
  const firstForwardMs = performance.now() - started;
  started = performance.now();
  model.forward(x);
  const secondForwardMs = performance.now() - started;
  if (first.size === 0) throw new Error('alexnet-start: no outputs');
  process.stdout.write(JSON.stringify({ createMs, firstForwardMs, secondForwardMs } satisfies Sample));
  process.exit(0);
}

const reps = Number(values.reps);
const trees = [{ label: 'this tree', src: resolve(folder, '../src') }];
if (process.env.BASELINE) trees.push({ label: `baseline (${process.env.BASELINE})`, src: resolve(process.env.BASELINE) });
const samples = new Map<string, Sample[]>(trees.map((t) => [t.label, []]));
const benchRun = startBenchRun({ code: ['packages/core/src', 'packages/core/assembly'] });

for (let rep = 0; rep < reps; rep++) {
  // Alternate which tree starts first, so a change in the machine's load touches both.
  for (const tree of rep % 2 === 0 ? trees : [...trees].reverse()) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', tree.src], { cwd: folder, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`alexnet-start: the ${tree.label} process failed (${run.status}): ${run.stderr}`);
    const sample = JSON.parse(run.stdout) as Sample;
    samples.get(tree.label)?.push(sample);
    console.log(`${tree.label}: create ${sample.createMs.toFixed(0)} ms, first forward ${sample.firstForwardMs.toFixed(0)} ms, second ${sample.secondForwardMs.toFixed(0)} ms`);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const rows = trees.map((tree) => {
  const s = samples.get(tree.label) ?? [];
  const cell = (pick: (x: Sample) => number) => `${(median(s.map(pick)) / 1000).toFixed(3)}`;
  return `| ${tree.label} | ${cell((x) => x.createMs)} | ${cell((x) => x.firstForwardMs)} | ${cell((x) => x.secondForwardMs)} |`;
});
const every = trees.map((tree) => `- ${tree.label}: ${(samples.get(tree.label) ?? []).map((x) => `${x.createMs.toFixed(0)}/${x.firstForwardMs.toFixed(0)}/${x.secondForwardMs.toFixed(0)}`).join(', ')} ms (create/first/second)`);
writeReport(
  [
    '# AlexNet from a cold start (alexnet-start-bench.ts)',
    '',
    ...benchRun.headerLines(),
    `- Command: \`${process.env.BASELINE ? `BASELINE=${process.env.BASELINE} ` : ''}npx tsx alexnet-start-bench.ts --reps ${reps}\` in packages/core/bench; every repetition a fresh Node process per tree, trees alternating`,
    '- Targets (issue 19): `createModel(alexNet())` ≤ 0.5 s, first forward of one 3x224x224 image ≤ 0.3 s',
    '',
    '| core | createModel(alexNet()), s (median) | first forward, s (median) | second forward, s (median) |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    '',
    'Every repetition:',
    ...every,
    '',
    benchRun.loadLine(),
    '',
  ].join('\n'),
  folder,
  'alexnet-start.md',
);
