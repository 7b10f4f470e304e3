import {
  isSidecarOf, modelWithWeights, pipelineHash, ProjectFileError, readProjectDocument, readWeightsFile, writeProject,
  type Model, type Pipeline, type Project, type ProjectWeights, type ReadProjectResult,
} from '@convstudio/core';
import { createHash } from 'node:crypto';
import { open, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { attribute, UserError } from './errors.js';
import { readBytes, readJson, writeFileAtomic } from './files.js';

// Node's hash: several times faster than Web Crypto's digest on AlexNet's 245 MB of weights.
const nodeSha256 = async (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** How core reads files beside `file` (a project's weights sidecar), with `file`'s folder as the base. */
function besideOf(cwd: string, file: string) {
  return (name: string) => readBytes(cwd, join(dirname(file), name));
}

/** Core's file errors become one line each: `net.json: weights.sha256: ...`. */
async function asUserError<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ProjectFileError) throw new UserError(error.issues ? error.issues.map((i) => `${error.file}: ${i.message}`) : [error.message]);
    throw error;
  }
}

/**
 * Reads any ConvStudio project file through core's one reader: a project of version 2 (with
 * its weights, inline or in the sidecar beside it), a studio project of version 1, or a bare
 * pipeline (the CLI's old `template --out`). Errors name the file and the field.
 */
export async function readProjectFile(cwd: string, file: string): Promise<ReadProjectResult> {
  // The CLI's own JSON reading names the line and column of a syntax error.
  const document = await readJson(cwd, file);
  return asUserError(() => readProjectDocument(document, { fileName: file, readBeside: besideOf(cwd, file), sha256: nodeSha256 }));
}

/**
 * Reads a pipeline from a project file and checks it (schema, graph). Every issue becomes one line
 * prefixed by the file: `net.json: pipeline: node "conv1" (conv2d): params.stride: ...`.
 */
export async function readPipeline(cwd: string, file: string): Promise<Pipeline> {
  return (await readProjectFile(cwd, file)).project.pipeline;
}

/**
 * Reads the weights in `weightsFile`: a project with weights (version 2 or the studio's 1), a
 * binary sidecar, or the CLI's old JSON weights.
 */
export async function readWeightsOf(cwd: string, weightsFile: string): Promise<ProjectWeights> {
  const bytes = await readBytes(cwd, weightsFile);
  return asUserError(() => readWeightsFile(bytes, { fileName: weightsFile, readBeside: besideOf(cwd, weightsFile), sha256: nodeSha256 }));
}

/**
 * A model of the project in `file`, with the weights of `weightsFile` when given, else the
 * project's own (a trained project), else the pipeline's initialisation. Weights saved for
 * another pipeline get one line naming both files.
 */
export async function readModel(cwd: string, file: string, weightsFile?: string): Promise<{ model: Model; meta: Record<string, unknown>; project: Project }> {
  const { project } = await readProjectFile(cwd, file);
  const weights = weightsFile === undefined ? project.weights : await readWeightsOf(cwd, weightsFile);
  const model = modelOf(project.pipeline, weights, file, weightsFile ?? file);
  return { model, meta: weights?.meta ?? {}, project };
}

/**
 * The model of `pipeline` (from `pipelineFile`) with `weights` (from `weightsFile`): a pipeline
 * issue names the pipeline file, weights that do not fit name the weights file.
 */
export function modelOf(pipeline: Pipeline, weights: ProjectWeights | undefined, pipelineFile: string, weightsFile: string): Model {
  const hash = pipelineHash(pipeline);
  if (weights && weights.pipelineHash !== hash) {
    throw new UserError([
      `${weightsFile}: weights.pipelineHash: these weights were saved for another pipeline than ${pipelineFile} (hash ${weights.pipelineHash}, ${pipelineFile} has ${hash}); its layers or their parameters differ`,
    ]);
  }
  try {
    return modelWithWeights(pipeline, weights, weightsFile);
  } catch (error) {
    if (error instanceof ProjectFileError) throw new UserError([error.message]);
    throw attribute(pipelineFile, error);
  }
}

/**
 * Writes a project through core's one writer, as a pair that is whole at every moment: a large
 * model's weights first to a new `<name>.weights-<hash>.bin` beside it, then the project naming
 * that file, then the project's older weights files are removed (a crash leaves the previous
 * save or this one). Returns the sidecar's name when there is one.
 *
 * @example
 * await writeProjectFile(io.cwd, 'trained.convstudio.json', { title, pipeline, weights });
 */
export async function writeProjectFile(cwd: string, file: string, project: Project): Promise<{ sidecar?: string }> {
  const written = await asUserError(() => writeProject(project, { fileName: basename(file), sha256: nodeSha256 }));
  if (written.sidecar) await writeFileAtomic(cwd, join(dirname(file), written.sidecar.name), written.sidecar.bytes);
  await writeFileAtomic(cwd, file, written.text);
  await removeOtherSidecars(resolve(cwd, file), written.sidecar?.name);
  return written.sidecar ? { sidecar: written.sidecar.name } : {};
}

// Weights files of this project that the project no longer names (earlier checkpoints). Only
// files that start with the binary weights' magic go: never a user's file that merely has such a name.
async function removeOtherSidecars(path: string, keep: string | undefined): Promise<void> {
  const folder = dirname(path);
  for (const entry of await readdir(folder).catch(() => [] as string[])) {
    if (entry === keep || !isSidecarOf(basename(path), entry) || !(await startsWithMagic(join(folder, entry)))) continue;
    await rm(join(folder, entry), { force: true }).catch(() => undefined); // the save itself succeeded; the next one retries
  }
}

async function startsWithMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const { buffer, bytesRead } = await handle.read(new Uint8Array(4), 0, 4, 0);
    return bytesRead === 4 && String.fromCharCode(...buffer) === 'CSWB';
  } finally {
    await handle.close();
  }
}
