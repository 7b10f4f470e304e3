import { decodeWeightsSidecar, filterClusterSummary, paretoFront, plateauEpoch } from '@convstudio/core';
import { Options, type Command } from '../command.js';
import { UsageError, UserError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { writeProjectFile } from '../pipeline-files.js';
import { openStore } from '../lab/open-store.js';
import { runsToCsv, runsToJson } from '../lab/runs-export.js';
import type { RunStatus, RunStore, StoredRun } from '@convstudio/lab-store';

const help = `Usage:
  convstudio runs list [--sweep <id>] [--status done|failed|cancelled|running|pending]
  convstudio runs show <run-id> [--project <out.convstudio.json>] [--weights <out.bin>]
  convstudio runs compare <run-id> <run-id> [...]
  convstudio runs export --out <file.csv|file.json> [--format csv|json] [--sweep <id>]

Reads the run database that convstudio sweep and convstudio lab write.
  list      one line per run: sweep, variant, seed, status, epochs, test accuracy, cost
  show      a run's configuration, per-epoch metrics, plateau, and its last indicator snapshot
            (per layer: singular values and condition number, gradient norm; per ReLU: dead
            and very large activations); --project writes the run as a project (its variant's
            pipeline with the run's last weights) that the studio opens and convstudio run runs;
            --weights writes the bare weights (CSWB v2)
  compare   runs side by side: validation accuracy per epoch, test accuracy, parameters, MACs,
            and which of them are on the Pareto front of accuracy against MACs
  export    every run with its per-epoch metrics: CSV (one row per run and epoch) or JSON
            (runs with history and indicator snapshots)

Options:
  --db <file>       the run database, default convstudio-lab.db
  --sweep <id>      only this sweep's runs
  --status <s>      only runs with this status
  --format <f>      csv or json; default from --out's extension
  --out <file>      where export writes
  --project <file>  where show writes the run as a project with its weights
  --weights <file>  where show writes the run's bare weights
  -h, --help        show this help`;

/**
 * A run as a project file: its variant's pipeline (seeded as the run was) with the weights after
 * its last finished epoch, written by core's one writer (a sidecar beside it when large), so the
 * studio opens it and every command runs it. Returns the line to print.
 */
async function writeRunProject(cwd: string, store: RunStore, run: StoredRun, file: string): Promise<string> {
  const stored = store.weights(run.id);
  if (!stored) throw new UserError([`run ${run.id} has no stored weights (it finished no epoch)`]);
  const variant = store.variants(run.sweepId).find((v) => v.id === run.variantId);
  if (!variant?.ok) throw new UserError([`run ${run.id}'s variant ${run.variantId} has no pipeline in the database`]);
  const decoded = decodeWeightsSidecar(stored.bytes, `run ${run.id}'s weights`);
  const written = await writeProjectFile(cwd, file, {
    title: `${run.sweepName}: ${run.label}, seed ${run.seed}`,
    pipeline: { ...variant.pipeline, seed: run.seed },
    weights: { pipelineHash: decoded.pipelineHash, tensors: decoded.tensors, meta: { source: 'convstudio lab', run: run.id, epoch: stored.epoch, testAccuracy: run.testAccuracy } },
  });
  return `wrote run ${run.id} as a project (${run.label}, the weights after epoch ${stored.epoch}) to ${file}${written.sidecar ? ` with ${written.sidecar}` : ''}\n`;
}

const statuses = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(100 * x).toFixed(2)}%`);
const count = (x: number | null) => (x === null ? '-' : x.toLocaleString('en-US'));

function runIds(args: string[]): number[] {
  return args.map((a) => {
    const id = Number(a);
    if (!Number.isSafeInteger(id) || id < 1) throw new UsageError(`run ids are positive integers, got ${a}`, 'runs');
    return id;
  });
}

function getRun(store: RunStore, id: number): StoredRun {
  const run = store.run(id);
  if (!run) throw new UserError([`no run ${id} in the database; convstudio runs list shows them`]);
  return run;
}

function listLines(runs: StoredRun[]): string[] {
  const width = Math.max(7, ...runs.map((r) => r.label.length));
  const header = `${'id'.padStart(4)}  ${'sweep'.padEnd(18)}  ${'variant'.padEnd(width)}  seed  ${'status'.padEnd(9)}  epochs  ${'test acc'.padStart(8)}  ${'params'.padStart(9)}  ${'MACs'.padStart(11)}`;
  return [
    header,
    ...runs.map(
      (r) =>
        `${String(r.id).padStart(4)}  ${`#${r.sweepId} ${r.sweepName}`.slice(0, 18).padEnd(18)}  ${r.label.padEnd(width)}  ${String(r.seed).padStart(4)}  ${r.status.padEnd(9)}  ${String(r.epochs).padStart(6)}  ${pct(r.testAccuracy).padStart(8)}  ${count(r.params).padStart(9)}  ${count(r.macs).padStart(11)}`,
    ),
  ];
}

function showLines(store: RunStore, run: StoredRun): string[] {
  const history = store.history(run.id);
  const lines = [
    `run ${run.id}: ${run.label}, seed ${run.seed} (sweep #${run.sweepId} "${run.sweepName}", ${run.key})`,
    `status ${run.status}${run.error ? `: ${run.error}` : ''}; test loss ${run.testLoss?.toFixed(4) ?? '-'}, accuracy ${pct(run.testAccuracy)}${run.testMeanIoU === null ? '' : ` (per pixel), mean IoU ${run.testMeanIoU.toFixed(3)}`}${run.testImageAccuracy === null ? '' : `, digit accuracy ${pct(run.testImageAccuracy)}`}`,
    `pipeline ${run.pipelineHash}: ${count(run.params)} parameters, ${count(run.macs)} MACs`,
    `data ${run.config.data.dataset}${run.config.data.limit ? ` (limit ${run.config.data.limit})` : ''}, split seed ${run.config.data.seed}; ${run.config.hyperparameters.optimizer.kind} lr ${run.config.hyperparameters.optimizer.learningRate ?? 0.001}, batch ${run.config.hyperparameters.batchSize}, ${run.config.hyperparameters.epochs} epochs; code ${run.config.codeVersion}`,
    '',
    'epoch  train loss  train acc  val loss  val acc   time',
    ...history.map((m) => `${String(m.epoch).padStart(5)}  ${m.trainLoss.toFixed(4).padStart(10)}  ${pct(m.trainAccuracy).padStart(9)}  ${(m.validationLoss?.toFixed(4) ?? '-').padStart(8)}  ${pct(m.validationAccuracy).padStart(7)}  ${(m.durationMs / 1000).toFixed(1).padStart(5)} s`),
  ];
  const plateau = plateauEpoch(history.map((m) => m.validationLoss ?? m.trainLoss), 'min');
  lines.push(`plateau: ${plateau === null ? 'none (still improving, or under 3 epochs)' : `validation loss flat from epoch ${plateau}`}`);
  const snapshot = store.snapshots(run.id).at(-1);
  if (snapshot) {
    lines.push('', `indicators after epoch ${snapshot.epoch} (probe of ${snapshot.probeSize} validation images):`);
    for (const l of snapshot.layers) {
      const s = l.singularValues;
      const spectrum = l.spectrumSkipped ? `spectrum skipped: ${l.spectrumSkipped}` : `σmax ${s[0]?.toPrecision(3)}  σmin ${s.at(-1)?.toPrecision(3)}  condition ${l.conditionNumber === null ? 'infinite' : l.conditionNumber.toPrecision(3)}`;
      lines.push(`  ${l.nodeId.padEnd(12)} ${spectrum}  |grad| ${l.gradientNorm.toExponential(2)}  |W| ${l.weightNorm.toPrecision(3)}`);
    }
    for (const a of snapshot.activations) lines.push(`  ${a.nodeId.padEnd(12)} dead ${pct(a.deadFraction)}  very large ${pct(a.largeFraction)}`);
  }
  const review = store.filters(run.id);
  if (review) {
    // The document's human indicator: first-layer filters that look at the same thing.
    lines.push('', filterClusterSummary(review));
    for (const c of review.clusters) {
      const where = c.peaks.map((p) => `image ${p.image} rows ${p.region.top}-${p.region.bottom} cols ${p.region.left}-${p.region.right}`).join('; ');
      lines.push(`  ${(c.filters.length > 1 ? `filters ${c.filters.join(', ')}` : `filter ${c.filters[0]}`).padEnd(22)} ${c.filters.length > 1 ? `correlation ${c.cohesion.toFixed(2)}` : 'alone'.padEnd(16)}  strongest: ${where}`);
    }
  }
  return lines;
}

function compareLines(store: RunStore, runs: StoredRun[]): string[] {
  const histories = runs.map((r) => store.history(r.id));
  const epochs = Math.max(...histories.map((h) => h.length));
  const front = new Set(paretoFront(runs.filter((r) => r.testAccuracy !== null && r.macs !== null).map((r) => ({ id: String(r.id), accuracy: r.testAccuracy as number, cost: r.macs as number }))).map((p) => p.id));
  const col = (text: string) => text.slice(0, 14).padStart(14);
  const lines = [`${''.padEnd(16)}${runs.map((r) => col(`run ${r.id}`)).join('')}`, `${'variant'.padEnd(16)}${runs.map((r) => col(r.label)).join('')}`, `${'seed'.padEnd(16)}${runs.map((r) => col(String(r.seed))).join('')}`];
  for (let e = 0; e < epochs; e++) lines.push(`${`val acc ep ${e + 1}`.padEnd(16)}${histories.map((h) => col(pct(h[e]?.validationAccuracy))).join('')}`);
  lines.push(`${'test accuracy'.padEnd(16)}${runs.map((r) => col(pct(r.testAccuracy))).join('')}`);
  if (runs.some((r) => r.testMeanIoU !== null)) lines.push(`${'test mean IoU'.padEnd(16)}${runs.map((r) => col(r.testMeanIoU?.toFixed(3) ?? '-')).join('')}`);
  lines.push(`${'parameters'.padEnd(16)}${runs.map((r) => col(count(r.params))).join('')}`);
  lines.push(`${'MACs'.padEnd(16)}${runs.map((r) => col(count(r.macs))).join('')}`);
  lines.push(`${'Pareto (MACs)'.padEnd(16)}${runs.map((r) => col(front.has(String(r.id)) ? 'yes' : 'no')).join('')}`);
  return lines;
}

/** `convstudio runs`: list, show, compare and export stored runs. */
export const runsCommand: Command = {
  name: 'runs',
  summary: 'list, show, compare and export the runs in the lab database',
  help,
  options: { db: { type: 'string' }, sweep: { type: 'string' }, status: { type: 'string' }, format: { type: 'string' }, out: { type: 'string', short: 'o' }, weights: { type: 'string' }, project: { type: 'string' } },
  async run({ io, positionals, values }) {
    const [action, ...rest] = positionals;
    const o = new Options('runs', values);
    const sweepId = o.optionalInteger('sweep');
    const status = values.status === undefined ? undefined : o.choice('status', statuses, 'done');
    if (!action) throw new UsageError('missing action: list, show, compare or export', 'runs');
    const store = openStore(io.cwd, o.string('db'));
    try {
      switch (action) {
        case 'list': {
          const runs = store.runs({ sweepId, status: status as RunStatus | undefined });
          io.stdout(runs.length ? `${listLines(runs).join('\n')}\n` : 'no runs yet; start one with convstudio sweep <spec.json> or convstudio lab <experiment>\n');
          return 0;
        }
        case 'show': {
          const [id] = runIds(rest);
          if (id === undefined || rest.length !== 1) throw new UsageError('runs show takes one run id', 'runs');
          const run = getRun(store, id);
          io.stdout(`${showLines(store, run).join('\n')}\n`);
          const projectOut = o.string('project');
          if (projectOut !== undefined) io.stdout(await writeRunProject(io.cwd, store, run, projectOut));
          const out = o.string('weights');
          if (out !== undefined) {
            const weights = store.weights(run.id);
            if (!weights) throw new UserError([`run ${run.id} has no stored weights (it finished no epoch)`]);
            await writeFileAtomic(io.cwd, out, weights.bytes);
            io.stdout(`wrote the weights after epoch ${weights.epoch} to ${out}\n`);
          }
          return 0;
        }
        case 'compare': {
          const ids = runIds(rest);
          if (ids.length < 2) throw new UsageError('runs compare takes two or more run ids', 'runs');
          io.stdout(`${compareLines(store, ids.map((id) => getRun(store, id))).join('\n')}\n`);
          return 0;
        }
        case 'export': {
          const out = o.requiredString('out', '<file.csv|file.json>: where to write the runs');
          const format = values.format === undefined ? (out.toLowerCase().endsWith('.json') ? 'json' : 'csv') : o.choice('format', ['csv', 'json'] as const, 'csv');
          const runs = store.runs({ sweepId, status: status as RunStatus | undefined });
          await writeFileAtomic(io.cwd, out, format === 'csv' ? runsToCsv(store, runs) : runsToJson(store, runs));
          io.stdout(`wrote ${runs.length} run${runs.length === 1 ? '' : 's'} to ${out} (${format})\n`);
          return 0;
        }
        default:
          throw new UsageError(`unknown action "${action}"; actions: list, show, compare, export`, 'runs');
      }
    } finally {
      store.close();
    }
  },
};
