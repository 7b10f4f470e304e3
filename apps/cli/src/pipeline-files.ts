import { createModel, loadWeights, parsePipeline, type Model, type ParameterStore, type Pipeline } from '@convstudio/core';
import { inFile, UserError } from './errors.js';
import { readJson } from './files.js';

/**
 * Reads a pipeline document and checks it (schema, graph). Every issue becomes one line
 * prefixed by the file: `net.json: node "conv1" (conv2d): params.stride: ...`.
 */
export async function readPipeline(cwd: string, file: string): Promise<Pipeline> {
  const parsed = parsePipeline(pipelineOf(await readJson(cwd, file), file));
  if (!parsed.ok) throw new UserError(parsed.issues.map((i) => `${file}: ${i.message}`));
  return parsed.pipeline;
}

/**
 * The pipeline document inside what a file holds: the file itself, or the `pipeline` of a
 * project the studio saved (its view state and image are the studio's business). A studio
 * project whose weights sit in a binary file beside it is refused, saying so, rather than run
 * with its weights missing.
 */
function pipelineOf(document: unknown, file: string): unknown {
  const doc = document as { format?: unknown; pipeline?: unknown; weightsFile?: unknown } | null;
  if (doc === null || typeof doc !== 'object' || doc.format !== 'convstudio-project') return document;
  if (doc.weightsFile !== undefined) {
    throw new UserError([`${file}: weightsFile: this studio project keeps its weights in ${JSON.stringify(doc.weightsFile)} beside it, which the CLI does not read; open it in the desktop studio`]);
  }
  return doc.pipeline;
}

/** A model of the pipeline in `file`, with the weights of `weightsFile` when given. */
export async function readModel(cwd: string, file: string, weightsFile?: string): Promise<{ model: Model; meta: Record<string, unknown> }> {
  const pipeline = await readPipeline(cwd, file);
  const model = await inFile(file, () => createModel(pipeline));
  if (weightsFile === undefined) return { model, meta: {} };
  const { parameters, meta } = await readWeights(cwd, file, model, weightsFile);
  return { model: createModel(pipeline, { parameters }), meta };
}

/**
 * Reads `weightsFile` for the model of `pipelineFile`. Weights saved for another pipeline get one
 * line naming both files, e.g. `w.json: weights.pipelineHash: these weights were saved for
 * another pipeline than net.json (hash ..., net.json has ...); ...`.
 */
export async function readWeights(cwd: string, pipelineFile: string, model: Model, weightsFile: string): Promise<{ parameters: ParameterStore; meta: Record<string, unknown> }> {
  const document = await readJson(cwd, weightsFile);
  const hash = (document as { pipelineHash?: unknown } | null)?.pipelineHash;
  if (typeof hash === 'string' && hash !== model.hash) {
    throw new UserError([
      `${weightsFile}: weights.pipelineHash: these weights were saved for another pipeline than ${pipelineFile} (hash ${hash}, ${pipelineFile} has ${model.hash}); its layers or their parameters differ`,
    ]);
  }
  const parameters = await inFile(weightsFile, () => loadWeights(document, model));
  const meta = (document as { meta?: Record<string, unknown> }).meta ?? {};
  return { parameters, meta };
}
