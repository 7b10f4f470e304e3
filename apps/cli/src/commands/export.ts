import { join } from 'node:path';
import { compilePipeline, encodeWeightsSidecar, exportPyTorch, namedTensorsOf, pipelineHash, type NamedTensors } from '@convstudio/core';
import { exportOnnx, initialTensors } from '@convstudio/core/onnx';
import { onePositional, Options, type Command } from '../command.js';
import { inFile, UsageError, UserError } from '../errors.js';
import { refuseOverwritingInputs, writeFileAtomic } from '../files.js';
import { modelOf, readProjectFile } from '../pipeline-files.js';
import { exists, readNamedTensors, sidecarPathOf } from '../weights-sidecar-files.js';

const help = `Usage:
  convstudio export <net.convstudio.json> --onnx <out.onnx> [--weights <file>]
  convstudio export <net.convstudio.json> --pytorch <dir> [--weights <file>]

Writes the pipeline and its weights as an ONNX model (opset 17, any batch size; every layer
kind maps to ONNX: the up-convolution as the ConvTranspose it equals, min-max normalise as its
reductions), or as PyTorch code: <dir>/model.py (an nn.Module mirroring the pipeline, with a
loader for our weights), train.py (the studio's trainer, runs under torchrun), README.md and
weights.bin.

Weights come from --weights (a .weights.bin, or JSON weights from an older convstudio train),
else from the project itself (a trained or imported project, inline or in its sidecar), else from
an older import's .weights.bin beside the pipeline file, else the pipeline's own seeded
initialisation.

Options:
  --onnx <file>      the ONNX model to write
  --pytorch <dir>    the folder to write model.py, train.py, README.md and weights.bin into
  --weights <file>   the weights to export
  -h, --help         show this help

Example:
  convstudio template lenet5 --out lenet.convstudio.json
  convstudio export lenet.convstudio.json --onnx lenet.onnx
  convstudio export lenet.convstudio.json --pytorch lenet-torch`;

/** `convstudio export`: a pipeline and its weights as ONNX or as PyTorch code. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'write a pipeline and its weights as ONNX or PyTorch',
  help,
  options: { onnx: { type: 'string' }, pytorch: { type: 'string' }, weights: { type: 'string' } },
  async run({ io, positionals, values }) {
    const file = onePositional('export', positionals, 'pipeline file');
    const o = new Options('export', values);
    const onnx = o.string('onnx');
    const pytorch = o.string('pytorch');
    if ((onnx === undefined) === (pytorch === undefined)) throw new UsageError('give one of --onnx <file> and --pytorch <dir>', 'export');
    const { project } = await readProjectFile(io.cwd, file);
    const { pipeline } = project;
    const plan = compilePipeline(pipeline);
    if (!plan.ok) throw new UserError(plan.issues.map((i) => `${file}: ${i.message}`));
    // A project's own weights (a trained or imported project) come before an older import's .weights.bin beside it.
    const beside = sidecarPathOf(file);
    const given = o.string('weights');
    const weightsFile = given ?? (project.weights ? undefined : (await exists(io.cwd, beside)) ? beside : undefined);
    const tensors: NamedTensors = weightsFile
      ? await readNamedTensors(io.cwd, weightsFile, pipeline, file)
      : project.weights
        ? namedTensorsOf(modelOf(pipeline, project.weights, file, file))
        : initialTensors(plan.pipeline, plan.report);
    const from = weightsFile ? `weights from ${weightsFile}` : project.weights ? `the weights saved in ${file}` : 'initial weights (seeded; no weights file given, in the project or beside it)';
    if (onnx !== undefined) {
      await refuseOverwritingInputs(io.cwd, 'export', { option: '--onnx', file: onnx }, [{ file, role: 'the pipeline file' }, ...(weightsFile ? [{ file: weightsFile, role: 'the weights file' }] : [])]);
      const bytes = await inFile(file, () => exportOnnx(pipeline, tensors));
      await writeFileAtomic(io.cwd, onnx, bytes);
      io.stdout(`wrote ${onnx} (${(bytes.length / 2 ** 20).toFixed(1)} MiB, ONNX opset 17) with ${from}\n`);
      return 0;
    }
    const dir = pytorch as string;
    const files = await inFile(file, () => exportPyTorch(pipeline, { source: file }));
    for (const [name, text] of Object.entries(files) as [string, string][]) await writeFileAtomic(io.cwd, join(dir, name), text);
    await writeFileAtomic(io.cwd, join(dir, 'weights.bin'), encodeWeightsSidecar(tensors, pipelineHash(pipeline)));
    io.stdout(`wrote ${dir}/model.py, train.py, README.md and weights.bin (${from})\n`);
    return 0;
  },
};
