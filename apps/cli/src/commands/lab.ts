import { experimentById, experiments, parseSweepSpec, sweepDatasets, type Conclusion } from '@convstudio/core';
import { Options, type Command } from '../command.js';
import { UsageError, UserError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { labReport } from '../lab/lab-report.js';
import { openStore, threadsOption } from '../lab/open-store.js';
import { defaultThreads, runSweep } from '../lab/run-sweep.js';
import { formatEvidenceTable, sweepEvidence } from '../lab/sweep-evidence.js';

const help = `Usage:
  convstudio lab list
  convstudio lab <experiment> [--epochs 3] [--limit 3000] [--seeds 0,1] [--dataset mnist] [--report out.html]

Runs one of the source document's experiments (the saturation ones on the MNIST CNN template;
cnn-vs-fcn trains the CNN and the FCN templates on MNIST segmentation masks and scores both per
pixel: pixel accuracy and mean IoU; it ignores --dataset), stores
every run (as convstudio sweep does; the same command again resumes), and ends with a
conclusion computed from the numbers: accuracy as mean ± standard deviation over the seeds,
and a difference counts only past the 95% interval of the difference (Student's t over the
seeds there are) and at least 0.5 points.

Experiments:
${experiments.map((e) => `  ${e.id.padEnd(16)} ${e.title}`).join('\n')}

Options:
  --epochs <n>       epochs per run, default 3
  --limit <n>        images in all (train + test), default 3000
  --seeds <list>     comma-separated seeds, default 0,1
  --dataset <name>   ${sweepDatasets.join(', ')}; default mnist
  --report <file>    also write a self-contained HTML report with the plots
  --db <file>        the run database, default convstudio-lab.db
  --threads <n>      worker threads, default one per core
  -h, --help         show this help`;

function seedsOf(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const seeds = text.split(',').map((s) => Number(s.trim()));
  if (!seeds.length || seeds.some((s) => !Number.isSafeInteger(s) || s < 0)) throw new UsageError(`--seeds must be comma-separated non-negative integers, got ${text}`, 'lab');
  return seeds;
}

/** The conclusion as printed: the answer, then its evidence indented. */
export function formatConclusion(title: string, c: Conclusion): string {
  return [`${title}`, `  ${c.answer}`, ...c.details.map((d) => `    ${d}`)].join('\n');
}

/** `convstudio lab`: the built-in experiments. */
export const labCommand: Command = {
  name: 'lab',
  summary: "run the document's saturation experiments and conclude from the numbers",
  help,
  options: { ...threadsOption, epochs: { type: 'string' }, limit: { type: 'string' }, seeds: { type: 'string' }, dataset: { type: 'string' }, report: { type: 'string' } },
  async run({ io, positionals, values }) {
    const [id, ...extra] = positionals;
    if (!id) throw new UsageError(`missing experiment; one of: list, ${experiments.map((e) => e.id).join(', ')}`, 'lab');
    if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`, 'lab');
    if (id === 'list') {
      io.stdout(`${experiments.map((e) => `${e.id.padEnd(16)} ${e.title}\n${''.padEnd(17)}"${e.claim}"`).join('\n')}\n`);
      return 0;
    }
    const experiment = experimentById(id);
    if (!experiment) throw new UsageError(`unknown experiment "${id}"; experiments: ${experiments.map((e) => e.id).join(', ')}`, 'lab');
    const o = new Options('lab', values);
    if (experiment.dataset && values.dataset !== undefined && values.dataset !== experiment.dataset) {
      throw new UsageError(`--dataset: ${id} runs on ${experiment.dataset} only (its claim is about per-pixel labels), got ${String(values.dataset)}`, 'lab');
    }
    const spec = experiment.spec({
      epochs: o.optionalInteger('epochs'),
      limit: o.optionalInteger('limit', 20),
      seeds: seedsOf(o.string('seeds')),
      dataset: values.dataset === undefined ? undefined : o.choice('dataset', sweepDatasets, 'mnist'),
    });
    const parsed = parseSweepSpec(spec);
    if (!parsed.ok) throw new UserError(parsed.issues.map((i) => `experiment ${id}: ${i.message}`));
    const threads = o.integer('threads', defaultThreads(), 1, 256);
    const store = openStore(io.cwd, o.string('db'));
    try {
      const result = await runSweep({ spec: parsed.spec, base: parsed.base, store, threads, io });
      const evidence = sweepEvidence(store, result.sweepId);
      const conclusion = experiment.conclude(evidence);
      io.stdout(`\n${formatEvidenceTable(evidence)}\n\n${formatConclusion(experiment.title, conclusion)}\n`);
      const report = o.string('report');
      if (report !== undefined) {
        await writeFileAtomic(io.cwd, report, labReport({ title: experiment.title, claim: experiment.claim, spec: parsed.spec, evidence, conclusion, store }));
        io.stdout(`wrote the report to ${report}\n`);
      }
      if (result.cancelled) {
        io.stderr(`cancelled; run the same command again to resume (sweep #${result.sweepId})\n`);
        return 130;
      }
      return result.counts.failed ? 1 : 0;
    } finally {
      store.close();
    }
  },
};
