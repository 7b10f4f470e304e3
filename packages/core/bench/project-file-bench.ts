/**
 * Save and open AlexNet with all 61,100,840 weights through the one project format (issue 13):
 *
 *   npx tsx packages/core/bench/project-file-bench.ts        (from the repository root)
 *
 * save: writeProject (the CSWB v2 sidecar's bytes, their SHA-256 by Node's crypto as the CLI and
 * the desktop studio pass it, the project text) and both
 * files written and flushed to disk. open: both files read, readProject (length and SHA-256
 * checked, tensors decoded as views, every value checked finite, shapes checked against the
 * pipeline) and the model built from them (modelWithWeights). Peer in the same run: the CLI's
 * old JSON weights (base64 float32, saveWeights / loadWeights), which the 64 MiB JSON cap of
 * the studio refused at this size. Median and fastest of RUNS runs (environment, default 5)
 * after one warm-up; written to bench/results/project-file.md. Each time is given as wall time
 * and as the process's CPU time (all threads, `process.cpuUsage`): on a shared machine the CPU
 * time moves far less with the load than the wall time.
 *
 * Before and after, side by side: `BASELINE=<folder>` names another copy of core's `src/` (say
 * `git archive <commit> packages/core/src | tar -x -C /tmp/base`, then
 * `BASELINE=/tmp/base/packages/core/src`); each run then saves and opens with both, alternating,
 * and the report gives each one's medians and their ratio. PEER_RUNS=0 leaves the JSON peer out.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startBenchRun, writeReport } from '@convstudio/bench-meta';
import * as current from '../src/index.ts';
import { alexNet, createModel, loadWeights, saveWeights, weightsOfModel, type Model } from '../src/index.ts';

type Core = Pick<typeof current, 'readProject' | 'writeProject' | 'modelWithWeights'>;

const RUNS = Number(process.env.RUNS ?? 5);
const PEER_RUNS = Number(process.env.PEER_RUNS ?? 2);
const BASELINE = process.env.BASELINE;
// The hash the CLI and the desktop studio pass (Node's); browsers use core's default, Web Crypto.
const sha256 = async (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface Timing {
  ms: number;
  cpuMs: number;
}

async function timed<T>(action: () => Promise<T>): Promise<Timing & { value: T }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await action();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, value };
}

async function writeDurably(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const folder = mkdtempSync(join(tmpdir(), 'convstudio-project-bench-'));
const fileName = 'alexnet.convstudio.json';
console.error('building AlexNet with its 61,100,840 initial weights (not timed)');
const model = createModel(alexNet());
const count = [...model.parameters.values()].reduce((n, p) => n + (p.weight?.size ?? 0) + (p.bias?.size ?? 0), 0);
if (count !== 61_100_840) throw new Error(`AlexNet has ${count} weights, expected 61,100,840`);
const project = { title: 'AlexNet', projectId: 'alexnet', pipeline: model.pipeline, weights: weightsOfModel(model) };

async function saveOnce(core: Core): Promise<Timing> {
  return timed(async () => {
    const written = await core.writeProject(project, { fileName, sha256 });
    await writeDurably(join(folder, written.sidecar!.name), written.sidecar!.bytes);
    await writeDurably(join(folder, fileName), written.text);
  });
}

async function openOnce(core: Core): Promise<Timing & { value: Model }> {
  return timed(async () => {
    const { project: read } = await core.readProject(await readFile(join(folder, fileName)), {
      fileName,
      sha256,
      readBeside: async (name) => new Uint8Array(await readFile(join(folder, name))),
    });
    return core.modelWithWeights(read.pipeline, read.weights, fileName) as Model;
  });
}

function sameWeights(a: Model, b: Model): boolean {
  for (const [id, p] of a.parameters) {
    const q = b.parameters.get(id)!;
    for (const slot of ['weight', 'bias'] as const) {
      const x = p[slot]!.data;
      const y = q[slot]!.data;
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i += 997) if (!Object.is(x[i], y[i])) return false;
    }
  }
  return true;
}

interface Series {
  label: string;
  core: Core;
  saves: Timing[];
  opens: Timing[];
}

const series: Series[] = [{ label: 'this tree', core: current, saves: [], opens: [] }];
if (BASELINE) {
  const baseline = (await import(pathToFileURL(join(resolve(BASELINE), 'index.ts')).href)) as Core;
  series.push({ label: `baseline (${BASELINE})`, core: baseline, saves: [], opens: [] });
}

const benchRun = startBenchRun({ code: ['packages/core/src/project', 'packages/core/src/nn/weights-file.ts'] });
for (let run = 0; run <= RUNS; run++) {
  // Alternating which goes first, so neither always meets a warmer page cache or a quieter moment.
  for (const one of run % 2 === 0 ? series : [...series].reverse()) {
    const save = await saveOnce(one.core);
    const opened = await openOnce(one.core);
    if (!sameWeights(model, opened.value)) throw new Error(`${one.label}: the reopened model has other weights`);
    console.error(`${one.label}, run ${run}${run === 0 ? ' (warm-up)' : ''}: save ${save.ms.toFixed(0)} ms (CPU ${save.cpuMs.toFixed(0)}), open ${opened.ms.toFixed(0)} ms (CPU ${opened.cpuMs.toFixed(0)})`);
    if (run > 0) {
      one.saves.push(save);
      one.opens.push(opened);
    }
  }
}
const sidecarBytes = (await readFile(join(folder, fileName), 'utf8')).match(/"bytes": (\d+)/)![1];

// The peer: the CLI's old JSON weights file, as train --out wrote it before.
const peerSaves: Timing[] = [];
const peerOpens: Timing[] = [];
let peerBytes = 0;
for (let run = 0; run <= PEER_RUNS && PEER_RUNS > 0; run++) {
  const save = await timed(async () => {
    const text = JSON.stringify(saveWeights(model));
    peerBytes = text.length;
    await writeDurably(join(folder, 'weights-v1.json'), text);
  });
  const opened = await timed(async () => createModel(model.pipeline, { parameters: loadWeights(JSON.parse(await readFile(join(folder, 'weights-v1.json'), 'utf8')), model) }));
  if (!sameWeights(model, opened.value)) throw new Error('the JSON weights reopened with other weights');
  console.error(`peer JSON v1, run ${run}${run === 0 ? ' (warm-up)' : ''}: save ${save.ms.toFixed(0)} ms, open ${opened.ms.toFixed(0)} ms`);
  if (run > 0) {
    peerSaves.push(save);
    peerOpens.push(opened);
  }
}
rmSync(folder, { recursive: true, force: true });

const wall = (t: Timing[]) => median(t.map((x) => x.ms));
const cpu = (t: Timing[]) => median(t.map((x) => x.cpuMs));
const s = (t: Timing[]) => `${(wall(t) / 1000).toFixed(2)} s (fastest ${(Math.min(...t.map((x) => x.ms)) / 1000).toFixed(2)} s)`;
const c = (t: Timing[]) => `${(cpu(t) / 1000).toFixed(2)} s`;
const rows = series.map(
  (one) => `| project v2 + CSWB v2 sidecar, ${one.label} | ${(Number(sidecarBytes) / 1e6).toFixed(1)} MB sidecar + project text | ${s(one.saves)} | ${c(one.saves)} | ${s(one.opens)} | ${c(one.opens)} |`,
);
if (peerSaves.length > 0) rows.push(`| peer: the CLI's old JSON weights v1 (saveWeights / loadWeights) | ${(peerBytes / 1e6).toFixed(1)} MB JSON | ${s(peerSaves)} | ${c(peerSaves)} | ${s(peerOpens)} | ${c(peerOpens)} |`);
const ratio = (base: number, now: number) => `${(base / now).toFixed(2)}×`;
const comparison = BASELINE
  ? [
      '',
      `Baseline ÷ this tree (medians; above 1× means this tree is faster): save ${ratio(wall(series[1].saves), wall(series[0].saves))} wall, ${ratio(cpu(series[1].saves), cpu(series[0].saves))} CPU; open ${ratio(wall(series[1].opens), wall(series[0].opens))} wall, ${ratio(cpu(series[1].opens), cpu(series[0].opens))} CPU.`,
    ]
  : [];
const markdown = [
  `# Save and open AlexNet with all 61,100,840 weights (${RUNS} runs after a warm-up; peer ${PEER_RUNS})`,
  '',
  ...benchRun.headerLines(),
  '',
  'Save: writeProject and both files written and flushed; open: both files read, readProject and modelWithWeights. CPU: the process\'s CPU time over all its threads.',
  '',
  '| format | files | save (median wall) | save (median CPU) | open (median wall) | open (median CPU) |',
  '|---|---|---:|---:|---:|---:|',
  ...rows,
  ...comparison,
  '',
  'Target (issue 13): save and open each at most 2 s on this machine.',
  '',
  benchRun.loadLine(),
  '',
].join('\n');
console.log(markdown);
writeReport(markdown, dirname(fileURLToPath(import.meta.url)), 'project-file.md');
