import { decodeImage, imageInputGeometry, imageToTensor, type Tensor } from '@convstudio/core';
import { join } from 'node:path';
import { onePositional, Options, type Command } from '../command.js';
import { inFile, UserError } from '../errors.js';
import { readBytes, refuseOverwritingInputs, writeFileAtomic } from '../files.js';
import { readModel } from '../pipeline-files.js';
import { featureGrid } from '../render/feature-grid.js';
import { gradientTargetOption, writeGradients } from './run-gradients.js';

const help = `Usage:
  convstudio run <project.json> --image <in.png> --out <dir> [--weights <file>] [--scale 0-1|0-255] [--grad <target>]

Runs the pipeline on one image (PNG or JPEG, converted to the input node's channels and
size) and writes every node's output to <dir>: one PNG per node (its channels tiled in a
grid, each min-max scaled to gray) and summary.json (shape, min, max, mean per node).
Flat outputs ([F], after flatten or a dense layer) are drawn as a block of F cells, and
their values are listed in summary.json when F <= 100.

With --grad, L is back-propagated too and the gradient pictures go beside the feature maps,
on a diverging scale (blue negative, white 0, red positive, symmetric per picture):
grad-<i>-<node>.png is dL/d(output) of node i (the input node's is the saliency dL/dX),
grad-w-<i>-<node>.png is dL/dW of a layer with weights (one tile per kernel). summary.json
gains "gradients": what L is, its value, the class probabilities, and per picture the
shape, min, max and peak |value| (values listed up to 100).

Options:
  --image <file>     the input image
  --out <dir>        where to write the pictures and summary.json (created if missing)
  --weights <file>   trained weights: a trained project (convstudio train, the studio), its
                     .bin, or an older weights file; default: the project's own weights,
                     else the pipeline's initialisation
  --scale <range>    pixel values 0-1 (default, what MNIST-trained models expect) or 0-255
  --grad <target>    back-propagate L: class=<k> (the score of class k, before softmax), class
                     (the predicted class), label=<k> (the cross-entropy loss for true label k),
                     sum (the sum of the output) or sum=<node>; class and label need a classifier
  -h, --help         show this help

Example:
  convstudio template worked-example --out example.json
  convstudio run example.json --image six.png --out maps/ --scale 0-255
  convstudio template mnist-cnn --out cnn.json
  convstudio run cnn.json --image three.png --out maps/ --grad label=3`;

/** Flat outputs up to this many values are listed in summary.json. */
const LISTED_VALUES = 100;

interface NodeSummary {
  id: string;
  kind: string;
  shape: number[];
  min: number | null;
  max: number | null;
  mean: number | null;
  file: string;
  grid: { kind: 'maps' | 'vector'; tiles: number; columns: number; rows: number; scale: number; width: number; height: number };
  values?: number[];
}

/** Min, max and mean of the finite values of the first sample. */
function statistics(output: Tensor): Pick<NodeSummary, 'min' | 'max' | 'mean'> {
  const perSample = output.size / output.shape[0];
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < perSample; i++) {
    const v = output.data[i];
    if (!Number.isFinite(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    count++;
  }
  return count === 0 ? { min: null, max: null, mean: null } : { min, max, mean: sum / count };
}

const format = (v: number | null) => (v === null ? '-' : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toFixed(3));

/** `convstudio run`: every node's feature maps for one image. */
export const runCommand: Command = {
  name: 'run',
  summary: "run a pipeline on an image and save every node's feature maps",
  help,
  options: { image: { type: 'string', short: 'i' }, out: { type: 'string', short: 'o' }, weights: { type: 'string', short: 'w' }, scale: { type: 'string' }, grad: { type: 'string' } },
  async run({ io, positionals, values }) {
    const file = onePositional('run', positionals, 'pipeline file');
    const options = new Options('run', values);
    const imageFile = options.requiredString('image', '<in.png>: the image to run the pipeline on');
    const outDir = options.requiredString('out', '<dir>: where to write the feature maps');
    const scale = options.choice('scale', ['0-1', '0-255'] as const, '0-1');
    const weightsFile = options.string('weights');
    const gradTarget = gradientTargetOption(options.string('grad'));

    const { model, project } = await readModel(io.cwd, file, weightsFile);
    // Every picture's name is known from the pipeline: refuse one that is an input before writing any.
    const digits = String(model.shapes.nodes.length - 1).length;
    const pictureName = (index: number, id: string) => `${String(index).padStart(digits, '0')}-${id}.png`;
    const inputs = [{ file, role: 'the pipeline file' }, { file: imageFile, role: 'the image' }, ...(weightsFile === undefined ? [] : [{ file: weightsFile, role: 'the weights file' }])];
    const pictures = model.shapes.nodes.map(({ node }, index) => pictureName(index, node.id));
    const gradientPictures = gradTarget ? pictures.flatMap((name) => [`grad-${name}`, `grad-w-${name}`]) : [];
    for (const name of [...pictures, ...gradientPictures, 'summary.json']) {
      await refuseOverwritingInputs(io.cwd, 'run', { option: '--out', file: join(outDir, name) }, inputs);
    }
    // Core's rule, shared with the studio: 1 channel reads grayscale, 3 read RGB.
    const geometry = imageInputGeometry(model.shapes);
    if (!geometry.ok) throw new UserError(geometry.issues.map((i) => `${file}: ${i.message}`));
    const bytes = await readBytes(io.cwd, imageFile);
    const image = await inFile(imageFile, () => decodeImage(bytes));
    const x = imageToTensor(image, { mode: geometry.mode, scale, size: geometry.size });
    const outputs = await inFile(file, () => model.forward(x));

    const nodes: NodeSummary[] = [];
    for (const [index, { node, shapes }] of model.shapes.nodes.entries()) {
      const output = outputs.get(node.id) as Tensor;
      const name = pictureName(index, node.id);
      const { canvas, layout, kind } = featureGrid(output);
      await writeFileAtomic(io.cwd, join(outDir, name), canvas.toPng());
      const { tiles, columns, rows, scale: factor, width: w, height: h } = layout;
      const summary: NodeSummary = { id: node.id, kind: node.kind, shape: [...shapes.output], ...statistics(output), file: name, grid: { kind, tiles, columns, rows, scale: factor, width: w, height: h } };
      if (kind === 'vector' && output.size <= LISTED_VALUES) summary.values = Array.from(output.data);
      nodes.push(summary);
    }
    const gradients = gradTarget ? await inFile(file, () => writeGradients(io, outDir, model, outputs, gradTarget, pictureName)) : undefined;
    const document = { pipeline: file, image: { file: imageFile, width: image.width, height: image.height, format: image.format }, scale, weights: weightsFile ?? (project.weights ? file : null), nodes, ...(gradients ? { gradients } : {}) };
    await writeFileAtomic(io.cwd, join(outDir, 'summary.json'), `${JSON.stringify(document, null, 2)}\n`);

    const rows = nodes.map((n) => [n.id, n.kind, n.shape.join('x'), format(n.min), format(n.max), format(n.mean), n.file]);
    const header = ['node', 'kind', 'shape', 'min', 'max', 'mean', 'file'];
    const widths = header.map((_, c) => Math.max(header[c].length, ...rows.map((r) => r[c].length)));
    for (const r of [header, ...rows]) io.stdout(`${r.map((cell, c) => (c >= 3 && c <= 5 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()}\n`);
    if (gradients) {
      io.stdout(`\n${gradients.target.description} = ${format(gradients.value)}\n`);
      const gradRows = [...gradients.nodes.map((g) => [g.id === gradients.input ? 'dL/dX (saliency)' : `dL/d(${g.id})`, g.shape.join('x'), format(g.min), format(g.max), g.file ?? '-']), ...gradients.weights.map((g) => [`dL/dW ${g.id}`, g.shape.join('x'), format(g.min), format(g.max), g.file ?? '(too large to draw)'])];
      const gradHeader = ['gradient', 'shape', 'min', 'max', 'file'];
      const gradWidths = gradHeader.map((_, c) => Math.max(gradHeader[c].length, ...gradRows.map((r) => r[c].length)));
      for (const r of [gradHeader, ...gradRows]) io.stdout(`${r.map((cell, c) => (c === 2 || c === 3 ? cell.padStart(gradWidths[c]) : cell.padEnd(gradWidths[c]))).join('  ').trimEnd()}\n`);
    }
    const gradientCount = gradients ? gradients.nodes.length + gradients.weights.filter((g) => g.file).length : 0;
    io.stdout(`wrote ${nodes.length} pictures${gradientCount ? ` and ${gradientCount} gradient pictures` : ''} and summary.json to ${outDir}\n`);
    return 0;
  },
};
