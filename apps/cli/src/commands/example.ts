import { encodePng, runWorkedExample, tensorToImage } from '@convstudio/core';
import { Options, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { drawFigure, FIGURE_HEIGHT, FIGURE_WIDTH, workedExamplePanels } from '../render/worked-example-figure.js';

const help = `Usage:
  convstudio example seed --out <figure.png> [--six <six.png>]

Draws the source document's worked example as its 3x3 figure: the diagonal edge kernel, its
convolution of the synthetic 6 and the max-pooled map (row 1), the 6 (row 2), and the same
for the rotated kernel (row 3); gray, each panel min-max scaled, ${FIGURE_WIDTH}x${FIGURE_HEIGHT} PNG.

Options:
  --out <file>   where to write the PNG
  --six <file>   also write the document's 28x28 synthetic 6 as a PNG, to feed convstudio run
  -h, --help     show this help

Example:
  convstudio example seed --out figure.png --six six.png
  convstudio template worked-example --out example.json
  convstudio run example.json --image six.png --scale 0-255 --out maps/`;

/** The examples by name; `seed` is the worked example of the source document ConvStudio grew from. */
const examples = ['seed'] as const;

/** `convstudio example seed`: the document's figure as a PNG. */
export const exampleCommand: Command = {
  name: 'example',
  summary: "draw the source document's worked example figure",
  help,
  options: { out: { type: 'string', short: 'o' }, six: { type: 'string' } },
  async run({ io, positionals, values }) {
    const [name, ...extra] = positionals;
    if (name === undefined) throw new UsageError(`missing example name; one of: ${examples.join(', ')}`, 'example');
    if (!(examples as readonly string[]).includes(name) || extra.length > 0) {
      throw new UsageError(`unknown example "${positionals.join(' ')}"; one of: ${examples.join(', ')}`, 'example');
    }
    const options = new Options('example', values);
    const out = options.requiredString('out', '<figure.png>: where to write the figure');
    const six = options.string('six');
    const example = runWorkedExample();
    const canvas = drawFigure(workedExamplePanels(example));
    await writeFileAtomic(io.cwd, out, canvas.toPng());
    io.stdout(`wrote the worked example's figure (${canvas.width}x${canvas.height}) to ${out}\n`);
    if (six !== undefined) {
      // 0..255 as the document draws it, so `run --scale 0-255` gets the exact values back.
      await writeFileAtomic(io.cwd, six, encodePng(tensorToImage(example.six, { range: [0, 255] })));
      io.stdout(`wrote the synthetic 6 (28x28) to ${six}\n`);
    }
    return 0;
  },
};
