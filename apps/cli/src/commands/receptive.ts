import { inputRegion, receptiveFields, type NodeField, type ReceptiveFieldReport, type Region } from '@convstudio/core';
import { onePositional, Options, type Command } from '../command.js';
import { UsageError, UserError } from '../errors.js';
import { readPipeline } from '../pipeline-files.js';

const help = `Usage:
  convstudio receptive <pipeline.json> [--node <id>] [--at <y>,<x>] [--json]

Prints every node's receptive field in execution order, per axis (height x width), in input
pixels: size (how many pixels a unit sees), jump (pixels between neighbouring units' centres)
and start (the centre of unit (0, 0)). Padding, dilation and upsampling are included; after
upsampling the numbers can be fractional. Nodes that mix whole maps (global pooling, flatten,
dense layers) are marked "global".

With --node and --at, prints the input rectangle that one output unit of that node sees: the
whole field (which may reach past the image, into padding) and its part inside the image.

Options:
  --node <id>    only this node
  --at <y>,<x>   the output unit of --node (row, column, from 0); flat outputs have one: 0,0
  --json         machine-readable output
  -h, --help     show this help

Example:
  convstudio template worked-example --out example.json
  convstudio receptive example.json --node pool1 --at 0,0`;

/** 3, 2.5, 0.333 (fields after upsampling are fractional). */
function number(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(3)));
}

/** The table of fields, one row per node, with notes below. */
export function formatFields(nodes: readonly NodeField[]): string {
  const header = ['node', 'kind', 'output', 'size', 'jump', 'start', ''];
  const rows = nodes.map((n) => [
    n.id,
    n.kind,
    n.output.join('x'),
    `${number(n.height.size)}x${number(n.width.size)}`,
    `${number(n.height.jump)}x${number(n.width.jump)}`,
    `${number(n.height.start)}, ${number(n.width.start)}`,
    n.global ? 'global' : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const notes = nodes.flatMap((n) => n.notes.map((note) => `  ${n.id}: ${note}`));
  return [
    line(header),
    ...rows.map(line),
    '',
    'In input pixels, height x width: size = pixels a unit sees, jump = pixels between neighbouring',
    "units, start = centre of unit (0, 0) as row, column. global: the node mixes whole maps.",
    ...(notes.length > 0 ? ['', 'Notes:', ...notes] : []),
  ].join('\n');
}

/** `7,3` → [7, 3]; anything else is a {@link UsageError}. */
export function parseAt(text: string): [number, number] {
  const match = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(text);
  if (!match) throw new UsageError(`--at must be <y>,<x>: two integers from 0, e.g. --at 0,0; got ${text}`, 'receptive');
  return [Number(match[1]), Number(match[2])];
}

/** A node's field, or one line naming the file and the nodes there are. */
function nodeOf(report: ReceptiveFieldReport, file: string, id: string): NodeField {
  const field = report.byId.get(id);
  if (!field) throw new UserError([`${file}: no node "${id}" (--node); its nodes are ${report.nodes.map((n) => n.id).join(', ')}`]);
  return field;
}

interface UnitRegion {
  node: string;
  y: number;
  x: number;
  region: Region;
  clipped: Region | null;
  /** The field reaches past the image's edges (into padding). */
  beyondImage: boolean;
}

function unitRegion(report: ReceptiveFieldReport, file: string, field: NodeField, y: number, x: number): UnitRegion {
  const [rows, cols] = field.output.length === 3 ? field.output.slice(1) : [1, 1];
  if (y >= rows || x >= cols) {
    const shape = field.output.length === 3 ? `${rows}x${cols} units: rows 0..${rows - 1}, columns 0..${cols - 1}` : 'flat features with one field: --at 0,0';
    throw new UserError([`${file}: node "${field.id}" (${field.kind}) outputs ${shape}; --at ${y},${x} is outside it`]);
  }
  const { region, clipped } = inputRegion(report, field.id, y, x);
  const { height, width } = report.input;
  const beyondImage = region.top < 0 || region.left < 0 || region.bottom > height - 1 || region.right > width - 1;
  return { node: field.id, y, x, region, clipped, beyondImage };
}

const rectangle = (r: Region) => `rows ${r.top}..${r.bottom}, columns ${r.left}..${r.right} (${r.bottom - r.top + 1}x${r.right - r.left + 1} pixels)`;

/** Which edges of the image a region reaches past. */
function edgesPast(r: Region, input: { height: number; width: number }): string[] {
  return [r.top < 0 && 'top', r.bottom > input.height - 1 && 'bottom', r.left < 0 && 'left', r.right > input.width - 1 && 'right'].filter((e): e is string => e !== false);
}

export function formatRegion(u: UnitRegion, input: { height: number; width: number }): string {
  const image = `${input.height}x${input.width}`;
  const edges = edgesPast(u.region, input);
  const verdict = !u.beyondImage
    ? `inside the ${image} image`
    : `reaches beyond the ${image} image at the ${edges.slice(0, -1).join(', ')}${edges.length > 1 ? ' and ' : ''}${edges.at(-1)} edge${edges.length === 1 ? '' : 's'} (padding there)`;
  return [
    `${u.node} unit (${u.y}, ${u.x}) sees input`,
    `  field    ${rectangle(u.region)}: ${verdict}`,
    `  clipped  ${u.clipped ? rectangle(u.clipped) : `none: the field lies outside the ${image} image`}`,
  ].join('\n');
}

/** `convstudio receptive`: receptive fields of every node, and the input region of one unit. */
export const receptiveCommand: Command = {
  name: 'receptive',
  summary: 'receptive field size, jump and start of every node; the input region of one unit',
  help,
  options: { node: { type: 'string', short: 'n' }, at: { type: 'string' }, json: { type: 'boolean' } },
  async run({ io, positionals, values }) {
    const file = onePositional('receptive', positionals, 'pipeline file');
    const o = new Options('receptive', values);
    const nodeId = o.string('node');
    const atText = o.string('at');
    if (atText !== undefined && nodeId === undefined) throw new UsageError('--at needs --node <id>: the node whose output unit to look at', 'receptive');
    const at = atText === undefined ? undefined : parseAt(atText);

    const result = receptiveFields(await readPipeline(io.cwd, file));
    if (!result.ok) throw new UserError(result.issues.map((i) => `${file}: ${i.message}`));
    const { report } = result;
    const nodes = nodeId === undefined ? report.nodes : [nodeOf(report, file, nodeId)];
    const unit = at && unitRegion(report, file, nodes[0], at[0], at[1]);

    if (o.flag('json')) {
      io.stdout(`${JSON.stringify({ input: report.input, nodes, ...(unit ? { unit } : {}) }, null, 2)}\n`);
    } else {
      io.stdout(`${formatFields(nodes)}\n${unit ? `\n${formatRegion(unit, report.input)}\n` : ''}`);
    }
    return 0;
  },
};
