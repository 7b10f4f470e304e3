import { parseSweepSpec } from '@convstudio/core';
import { onePositional, Options, type Command } from '../command.js';
import { UserError } from '../errors.js';
import { readJson } from '../files.js';
import { openStore, threadsOption } from '../lab/open-store.js';
import { defaultThreads, runSweep } from '../lab/run-sweep.js';
import { formatEvidenceTable, sweepEvidence } from '../lab/sweep-evidence.js';

const help = `Usage:
  convstudio sweep <spec.json> [--db convstudio-lab.db] [--threads n]

Trains every variant of a sweep (a base pipeline varied along kernel size, number of kernels,
depth, dense width, stride, number of dense layers or any parameter path; crossed or one at a
time) with every seed, on worker threads, and stores each run in a SQLite database: its
configuration, per-epoch metrics, indicator snapshots (dead and very large ReLU activations,
weight spectra, gradient norms) and weights. Variants whose shapes do not work are reported
and skipped. Ctrl-C stops after the current batches; run the same command again to resume
(finished runs are kept, interrupted ones start over). Ends with a table per variant: accuracy
as mean ± standard deviation over seeds, parameters, MACs, plateau epoch, Pareto front.

Spec (JSON):
  { "format": "convstudio-sweep", "version": 1, "name": "kernels", "base": "mnist-cnn",
    "axes": [{ "axis": "kernelSize", "values": [3, 5, 7] }], "mode": "cross", "seeds": [0, 1],
    "data": { "dataset": "mnist", "limit": 3000 }, "training": { "epochs": 3 } }
  axes: kernelSize, kernels (x factor, or "mode": "absolute"), depth, denseWidth, stride,
  denseLayers, or { "axis": "param", "path": "conv1.params.padding", "values": [...] }
  data.dataset: mnist, six-vs-nine, fashion-mnist, synthetic

Options:
  --db <file>      the run database, default convstudio-lab.db (created when missing)
  --threads <n>    worker threads, default one per core
  -h, --help       show this help

Then: convstudio runs list, convstudio runs compare <id> <id>, convstudio runs export`;

/** `convstudio sweep`: run a sweep spec into the run database. */
export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'train the variants of a sweep spec in parallel and store every run',
  help,
  options: threadsOption,
  async run({ io, positionals, values }) {
    const file = onePositional('sweep', positionals, 'sweep spec file');
    const o = new Options('sweep', values);
    const threads = o.integer('threads', defaultThreads(), 1, 256);
    const parsed = parseSweepSpec(await readJson(io.cwd, file));
    if (!parsed.ok) throw new UserError(parsed.issues.map((i) => `${file}: ${i.message}`));
    const store = openStore(io.cwd, o.string('db'));
    try {
      const result = await runSweep({ spec: parsed.spec, base: parsed.base, store, threads, io });
      io.stdout(`\n${formatEvidenceTable(sweepEvidence(store, result.sweepId))}\n`);
      if (result.cancelled) {
        io.stderr(`cancelled; run the same command again to resume sweep #${result.sweepId}\n`);
        return 130;
      }
      return result.counts.failed ? 1 : 0;
    } finally {
      store.close();
    }
  },
};
