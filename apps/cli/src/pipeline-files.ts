import { createModel, loadWeights, parsePipeline, type Model, type Pipeline } from '@convstudio/core';
import { inFile, UserError } from './errors.js';
import { readJson } from './files.js';

/**
 * Reads a pipeline document and checks it (schema, graph). Every issue becomes one line
 * prefixed by the file: `net.json: node "conv1" (conv2d): params.stride: ...`.
 */
export async function readPipeline(cwd: string, file: string): Promise<Pipeline> {
  const parsed = parsePipeline(await readJson(cwd, file));
  if (!parsed.ok) throw new UserError(parsed.issues.map((i) => `${file}: ${i.message}`));
  return parsed.pipeline;
}

/** A model of the pipeline in `file`, with the weights of `weightsFile` when given. */
export async function readModel(cwd: string, file: string, weightsFile?: string): Promise<{ model: Model; meta: Record<string, unknown> }> {
  const pipeline = await readPipeline(cwd, file);
  const model = await inFile(file, () => createModel(pipeline));
  if (weightsFile === undefined) return { model, meta: {} };
  const document = await readJson(cwd, weightsFile);
  const parameters = await inFile(weightsFile, () => loadWeights(document, model));
  const meta = (document as { meta?: Record<string, unknown> }).meta ?? {};
  return { model: createModel(pipeline, { parameters }), meta };
}
