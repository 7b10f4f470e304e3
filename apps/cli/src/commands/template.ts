import { templates, writeProject } from '@convstudio/core';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { writeProjectFile } from '../pipeline-files.js';

const help = `Usage:
  convstudio template list
  convstudio template <id> [--out <file>]

Lists the ready-made pipelines, or writes one as a project to start from (to stdout without
--out): the .convstudio.json format that the studio and every other command open.

Options:
  --out <file>   where to write the project, e.g. net.convstudio.json
  -h, --help     show this help

Example:
  convstudio template mnist-cnn --out net.convstudio.json`;

/** `convstudio template`: the template list, or one template written as a pipeline file. */
export const templateCommand: Command = {
  name: 'template',
  summary: 'list the ready-made pipelines or write one to a file',
  help,
  options: { out: { type: 'string', short: 'o' } },
  async run({ io, positionals, values }) {
    const [id, ...extra] = positionals;
    if (id === undefined) throw new UsageError('missing template id, or "list" to see them', 'template');
    if (extra.length > 0) throw new UsageError(`expected one template id, got ${positionals.join(' ')}`, 'template');
    if (id === 'list') {
      const width = Math.max(...templates.map((t) => t.id.length));
      for (const t of templates) io.stdout(`${t.id.padEnd(width)}  ${t.description}\n`);
      return 0;
    }
    const template = templates.find((t) => t.id === id);
    if (!template) {
      throw new UsageError(`unknown template "${id}"; one of: ${templates.map((t) => t.id).join(', ')}`, 'template');
    }
    const project = { title: template.title, projectId: template.id, pipeline: template.build() };
    const out = typeof values.out === 'string' ? values.out : undefined;
    if (out === undefined) {
      io.stdout((await writeProject(project, { fileName: `${template.id}.convstudio.json` })).text);
      return 0;
    }
    await writeProjectFile(io.cwd, out, project);
    io.stdout(`wrote ${template.title} to ${out}\n`);
    return 0;
  },
};
