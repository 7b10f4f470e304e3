import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { encodeWeightsSidecar, pipelineHash } from '@convstudio/core';
import { checkOnnxSize, importOnnx, ONNX_MAX_BYTES, type OnnxImportSummary } from '@convstudio/core/onnx';
import { onePositional, Options, type Command } from '../command.js';
import { inFile, UserError } from '../errors.js';
import { readBytes, refuseOverwritingInputs, writeFileAtomic } from '../files.js';
import { writeProjectFile } from '../pipeline-files.js';

const help = `Usage:
  convstudio import <model.onnx> --out <net.convstudio.json> [--weights <file>] [--max-mb <n>]

Reads an ONNX model (opsets 9 to 21: convolutions, pooling, activations, dense layers, batch
norm, dropout, LRN, add and concat) and writes it as a project with its weights (the one
.convstudio.json format; above 100,000 values the weights go to a <out>.weights-<hash>.bin
file beside it). A model with any operator ConvStudio cannot run is refused as a whole, listing
every such node.

Options:
  --out <file>       the pipeline file to write
  --weights <file>   write the weights to this binary weights file instead, and the project
                     without them
  --max-mb <n>       refuse files larger than this many MiB (default 1024)
  --json             print the summary as JSON
  -h, --help         show this help

Example:
  convstudio import lenet.onnx --out lenet.convstudio.json
  convstudio run lenet.convstudio.json --image digit.png`;

/** The summary in a few lines. */
export function summaryLines(file: string, s: OnnxImportSummary): string[] {
  const kinds = Object.entries(s.kinds).map(([k, n]) => `${n} ${k}`).join(', ');
  return [
    `${file}: ${s.graphName || 'model'} from ${s.producer}, ONNX IR ${s.irVersion}, opset ${s.opset}, ${(s.fileBytes / 2 ** 20).toFixed(1)} MiB`,
    `  ${s.onnxNodes} ONNX nodes -> ${s.layers} layers: ${kinds}`,
    `  ${s.parameters.toLocaleString('en-US')} parameters; input [${s.input}] -> output [${s.output}] per image`,
    ...s.notes.map((n) => `  ${n}`),
  ];
}

/** `convstudio import`: an ONNX model as a pipeline file and a weights file. */
export const importCommand: Command = {
  name: 'import',
  summary: 'read an ONNX model as a pipeline and its weights',
  help,
  options: { out: { type: 'string', short: 'o' }, weights: { type: 'string' }, 'max-mb': { type: 'string' }, json: { type: 'boolean' } },
  async run({ io, positionals, values }) {
    const file = onePositional('import', positionals, 'ONNX model file');
    const o = new Options('import', values);
    const out = o.requiredString('out', '<net.convstudio.json>');
    const weightsFile = o.string('weights');
    const maxBytes = o.integer('max-mb', ONNX_MAX_BYTES / 2 ** 20) * 2 ** 20;
    for (const output of [{ option: '--out', file: out }, ...(weightsFile !== undefined ? [{ option: '--weights', file: weightsFile }] : [])]) {
      await refuseOverwritingInputs(io.cwd, 'import', output, [{ file, role: 'the model file' }]);
    }
    // The size is checked from the file system before a byte is read.
    const size = await stat(resolve(io.cwd, file)).then(
      (s) => s.size,
      () => undefined,
    );
    if (size !== undefined) await inFile(file, () => checkOnnxSize(size, maxBytes));
    const bytes = await readBytes(io.cwd, file);
    let shown = -1;
    const result = await inFile(file, () =>
      importOnnx(bytes, {
        maxBytes,
        onProgress: ({ stage, fraction }) => {
          const percent = Math.floor(fraction * 10) * 10;
          if (io.stderrIsTTY && percent !== shown) io.stderr(`\rimporting ${file}: ${stage} ${percent}%${percent === 100 ? '\n' : ''}`);
          shown = percent;
        },
      }),
    );
    if (result.weights.size === 0 && weightsFile !== undefined) throw new UserError([`${file}: the model has no weights to write to ${weightsFile}`]);
    const hash = pipelineHash(result.pipeline);
    // The one project format: the weights go in the project (inline, or in its sidecar when large) unless --weights names a file for them.
    const own = result.weights.size > 0 && weightsFile === undefined;
    const title = result.summary.graphName || basename(file).replace(/\.onnx$/i, '');
    if (weightsFile !== undefined) await writeFileAtomic(io.cwd, weightsFile, encodeWeightsSidecar(result.weights, hash));
    const { sidecar } = await writeProjectFile(io.cwd, out, { title, pipeline: result.pipeline, ...(own ? { weights: { pipelineHash: hash, tensors: result.weights } } : {}) });
    const wrote = weightsFile !== undefined ? ` and ${weightsFile}` : sidecar ? ` and ${sidecar} beside it` : own ? ' with its weights' : '';
    if (o.flag('json')) io.stdout(`${JSON.stringify(result.summary, null, 2)}\n`);
    else io.stdout(`${[...summaryLines(file, result.summary), `wrote ${out}${wrote}`].join('\n')}\n`);
    return 0;
  },
};
