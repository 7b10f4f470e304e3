import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decodeWeightsSidecar, loadWeights, namedTensorsOf, pipelineHash, createModel, type NamedTensors, type Pipeline } from '@convstudio/core';
import { inFile, UserError } from './errors.js';
import { readBytes } from './files.js';

/** `net.convstudio.json` -> `net.weights.bin`: where import writes the weights beside a pipeline. */
export function sidecarPathOf(pipelineFile: string): string {
  return `${pipelineFile.replace(/(\.convstudio)?\.json$/i, '')}.weights.bin`;
}

export async function exists(cwd: string, file: string): Promise<boolean> {
  return access(resolve(cwd, file)).then(
    () => true,
    () => false,
  );
}

/**
 * Named tensors for `pipeline` from a weights file: the binary sidecar ("CSWB" v2, what import
 * and the PyTorch export write) or the CLI's JSON weights (what train writes). Weights saved for
 * another pipeline are refused, naming both files.
 */
export async function readNamedTensors(cwd: string, file: string, pipeline: Pipeline, pipelineFile: string): Promise<NamedTensors> {
  const bytes = await readBytes(cwd, file);
  const hash = pipelineHash(pipeline);
  if (bytes.length >= 4 && String.fromCharCode(...bytes.subarray(0, 4)) === 'CSWB') {
    const decoded = await inFile(file, () => decodeWeightsSidecar(bytes, file));
    if (decoded.pipelineHash && decoded.pipelineHash !== hash) {
      throw new UserError([`${file}: pipelineHash: these weights were saved for another pipeline than ${pipelineFile} (hash ${decoded.pipelineHash}, ${pipelineFile} has ${hash})`]);
    }
    return decoded.tensors;
  }
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new UserError([`${file}: neither a ConvStudio binary weights file (CSWB) nor JSON weights`]);
  }
  const model = await inFile(pipelineFile, () => createModel(pipeline));
  const parameters = await inFile(file, () => loadWeights(document, model));
  return namedTensorsOf(createModel(pipeline, { parameters }));
}
