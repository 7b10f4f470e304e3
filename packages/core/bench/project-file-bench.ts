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
 * after one warm-up; written to bench/results/project-file.md.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun, writeReport } from '@convstudio/bench-meta';
import { alexNet, createModel, loadWeights, modelWithWeights, readProject, saveWeights, weightsOfModel, writeProject, type Model } from '../src/index.ts';

const RUNS = Number(process.env.RUNS ?? 5);
// The hash the CLI and the desktop studio pass (Node's); browsers use core's default, Web Crypto.
const sha256 = async (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const PEER_RUNS = Number(process.env.PEER_RUNS ?? 2);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed<T>(action: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await action();
  return { ms: performance.now() - start, value };
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

async function saveOnce(): Promise<number> {
  const { ms } = await timed(async () => {
    const written = await writeProject(project, { fileName, sha256 });
    await writeDurably(join(folder, written.sidecar!.name), written.sidecar!.bytes);
    await writeDurably(join(folder, fileName), written.text);
  });
  return ms;
}

async function openOnce(): Promise<{ ms: number; model: Model }> {
  const { ms, value } = await timed(async () => {
    const { project: read } = await readProject(await readFile(join(folder, fileName)), {
      fileName,
      sha256,
      readBeside: async (name) => new Uint8Array(await readFile(join(folder, name))),
    });
    return modelWithWeights(read.pipeline, read.weights, fileName);
  });
  return { ms, model: value };
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

const benchRun = startBenchRun({ code: ['packages/core/src/project', 'packages/core/src/nn/weights-file.ts'] });
const saves: number[] = [];
const opens: number[] = [];
for (let run = 0; run <= RUNS; run++) {
  const save = await saveOnce();
  const opened = await openOnce();
  if (!sameWeights(model, opened.model)) throw new Error('the reopened model has other weights');
  console.error(`project v2, run ${run}${run === 0 ? ' (warm-up)' : ''}: save ${save.toFixed(0)} ms, open ${opened.ms.toFixed(0)} ms`);
  if (run > 0) {
    saves.push(save);
    opens.push(opened.ms);
  }
}
const sidecarBytes = (await readFile(join(folder, fileName), 'utf8')).match(/"bytes": (\d+)/)![1];

// The peer: the CLI's old JSON weights file, as train --out wrote it before.
const peerSaves: number[] = [];
const peerOpens: number[] = [];
let peerBytes = 0;
for (let run = 0; run <= PEER_RUNS; run++) {
  const save = await timed(async () => {
    const text = JSON.stringify(saveWeights(model));
    peerBytes = text.length;
    await writeDurably(join(folder, 'weights-v1.json'), text);
  });
  const opened = await timed(async () => createModel(model.pipeline, { parameters: loadWeights(JSON.parse(await readFile(join(folder, 'weights-v1.json'), 'utf8')), model) }));
  if (!sameWeights(model, opened.value)) throw new Error('the JSON weights reopened with other weights');
  console.error(`peer JSON v1, run ${run}${run === 0 ? ' (warm-up)' : ''}: save ${save.ms.toFixed(0)} ms, open ${opened.ms.toFixed(0)} ms`);
  if (run > 0) {
    peerSaves.push(save.ms);
    peerOpens.push(opened.ms);
  }
}
rmSync(folder, { recursive: true, force: true });

const s = (values: number[]) => `${(median(values) / 1000).toFixed(2)} s (fastest ${(Math.min(...values) / 1000).toFixed(2)} s)`;
const markdown = [
  `# Save and open AlexNet with all 61,100,840 weights (${RUNS} runs after a warm-up; peer ${PEER_RUNS})`,
  '',
  ...benchRun.headerLines(),
  '',
  '| format | files | save (median) | open (median) |',
  '|---|---|---:|---:|',
  `| project v2 + CSWB v2 sidecar (writeProject / readProject + modelWithWeights) | ${(Number(sidecarBytes) / 1e6).toFixed(1)} MB sidecar + project text | ${s(saves)} | ${s(opens)} |`,
  `| peer: the CLI's old JSON weights v1 (saveWeights / loadWeights) | ${(peerBytes / 1e6).toFixed(1)} MB JSON | ${s(peerSaves)} | ${s(peerOpens)} |`,
  '',
  'Target (issue 13): save and open each at most 2 s on this machine.',
  '',
  benchRun.loadLine(),
  '',
].join('\n');
console.log(markdown);
writeReport(markdown, dirname(fileURLToPath(import.meta.url)), 'project-file.md');
