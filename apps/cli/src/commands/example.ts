import { encodePng, runWorkedExample, tensorToImage, workedExamplePipeline } from '@convstudio/core';
import { Options, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { refuseOverwritingInputs, writeFileAtomic } from '../files.js';
import { writeProjectFile } from '../pipeline-files.js';
import { drawFigure, FIGURE_HEIGHT, FIGURE_WIDTH, workedExamplePanels } from '../render/worked-example-figure.js';

const help = `Usage:
  convstudio example seed --out <figure.png> [--six <six.png>] [--project <example.convstudio.json>]

Draws the source document's worked example as its 3x3 figure: the diagonal edge kernel, its
convolution of the synthetic 6 and the max-pooled map (row 1), the 6 (row 2), and the same
for the rotated kernel (row 3); gray, each panel min-max scaled, ${FIGURE_WIDTH}x${FIGURE_HEIGHT} PNG.

Options:
  --out <file>   where to write the PNG
  --six <file>   also write the document's 28x28 synthetic 6 as a PNG, to feed convstudio run
  --project <file>
                 also write the worked example as a project with the 6 embedded (pixels
                 0-255), which convstudio run and the studio open
  -h, --help     show this help

Example:
  convstudio example seed --out figure.png --six six.png --project example.convstudio.json
  convstudio template worked-example --out example.json
  convstudio run example.json --image six.png --scale 0-255 --out maps/`;

/** The examples by name; `seed` is the worked example of the source document ConvStudio grew from. */
const examples = ['seed'] as const;

/** `convstudio example seed`: the document's figure as a PNG. */
export const exampleCommand: Command = {
  name: 'example',
  summary: "draw the source document's worked example figure",
  help,
  options: { out: { type: 'string', short: 'o' }, six: { type: 'string' }, project: { type: 'string' } },
  async run({ io, positionals, values }) {
    const [name, ...extra] = positionals;
    if (name === undefined) throw new UsageError(`missing example name; one of: ${examples.join(', ')}`, 'example');
    if (!(examples as readonly string[]).includes(name) || extra.length > 0) {
      throw new UsageError(`unknown example "${positionals.join(' ')}"; one of: ${examples.join(', ')}`, 'example');
    }
    const options = new Options('example', values);
    const out = options.requiredString('out', '<figure.png>: where to write the figure');
    const six = options.string('six');
    const projectFile = options.string('project');
    if (projectFile !== undefined) await refuseOverwritingInputs(io.cwd, 'example', { option: '--project', file: projectFile }, [{ file: out, role: 'the figure' }, ...(six === undefined ? [] : [{ file: six, role: 'the 6' }])]);
    const example = runWorkedExample();
    const canvas = drawFigure(workedExamplePanels(example));
    await writeFileAtomic(io.cwd, out, canvas.toPng());
    io.stdout(`wrote the worked example's figure (${canvas.width}x${canvas.height}) to ${out}\n`);
    if (six !== undefined) {
      // 0..255 as the document draws it, so `run --scale 0-255` gets the exact values back.
      await writeFileAtomic(io.cwd, six, encodePng(tensorToImage(example.six, { range: [0, 255] })));
      io.stdout(`wrote the synthetic 6 (28x28) to ${six}\n`);
    }
    if (projectFile !== undefined) {
      const png = encodePng(tensorToImage(example.six, { range: [0, 255] }));
      const image = { name: 'six.png', mimeType: 'image/png' as const, width: 28, height: 28, data: Buffer.from(png).toString('base64') };
      const pipeline = workedExamplePipeline();
      // The document's digits are 0 to 255, so the project says so (the studio's view state; other hosts ignore it).
      await writeProjectFile(io.cwd, projectFile, { title: pipeline.name ?? 'Worked example', projectId: 'worked-example', pipeline, image, viewState: { view: 'figure', scale: '0-255', backend: 'cpu' } });
      io.stdout(`wrote the worked example as a project, with the 6 embedded, to ${projectFile}\n`);
    }
    return 0;
  },
};
