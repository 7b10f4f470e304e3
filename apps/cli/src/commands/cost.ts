import { costTable, formatCostTable } from '@convstudio/core';
import { onePositional, Options, type Command } from '../command.js';
import { UserError } from '../errors.js';
import { readPipeline } from '../pipeline-files.js';

const help = `Usage:
  convstudio cost <pipeline.json> [--json]

Prints every node's output shape, parameters, multiply-accumulates, FLOPs and activation
memory per sample, with totals, and for each convolution the source document's estimate.

Options:
  --json       machine-readable output (the table as JSON)
  -h, --help   show this help

Example:
  convstudio template alexnet --out alexnet.json && convstudio cost alexnet.json`;

/** `convstudio cost`: the cost table of a pipeline. */
export const costCommand: Command = {
  name: 'cost',
  summary: 'parameters, MACs, FLOPs and memory of every layer',
  help,
  options: { json: { type: 'boolean' } },
  async run({ io, positionals, values }) {
    const file = onePositional('cost', positionals, 'pipeline file');
    const options = new Options('cost', values);
    const result = costTable(await readPipeline(io.cwd, file));
    if (!result.ok) throw new UserError(result.issues.map((i) => `${file}: ${i.message}`));
    io.stdout(options.flag('json') ? `${JSON.stringify(result.table, null, 2)}\n` : `${formatCostTable(result.table)}\n`);
    return 0;
  },
};
