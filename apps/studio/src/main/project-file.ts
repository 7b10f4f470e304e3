import { MAX_PROJECT_BYTES, parseJsonText, parseProject, serializeProject, type ProjectDocument, type ProjectParseResult } from '../shared/project-schema.js';
import { atomicWrite } from './atomic-write.js';
import { readAllowedFile, type FileAccess } from './file-access.js';
import { joinWeights, splitWeights, weightsFileName, weightsSchema } from './weights-file.js';

/** The extension every project carries; the save dialog adds it when the user leaves it out. */
export const PROJECT_EXTENSION = '.convstudio.json';
/** A weights file beside a project may be larger than the project itself. */
export const MAX_WEIGHTS_BYTES = 256 * 1024 * 1024;

/**
 * Reads and checks a `.convstudio.json` the user chose, joining its weights file when it names
 * one beside it. Too large, unreadable, not JSON, a missing weights file or an invalid project
 * all come back as `{ ok: false, error }` with the path and the field named.
 *
 * @example
 * const result = await readProjectFile(access, '/home/ada/net.convstudio.json');
 */
export async function readProjectFile(access: FileAccess, path: string, maxBytes = MAX_PROJECT_BYTES): Promise<ProjectParseResult> {
  try {
    const json = parseJsonText((await readAllowedFile(access, path, maxBytes)).toString('utf8'), maxBytes, 'project file');
    if (!json.ok) return { ok: false, error: `${path}: ${json.error}` };
    const result = parseProject(await withWeights(access, path, json.doc));
    return result.ok ? result : { ok: false, error: `${path}: ${result.error}` };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

async function withWeights(access: FileAccess, path: string, doc: unknown): Promise<unknown> {
  const name = (doc as { weightsFile?: unknown } | null)?.weightsFile;
  if (name === undefined) return doc;
  if (typeof name !== 'string') throw new Error(`${path}: weightsFile: expected a file name, got ${typeof name}`);
  const weightsPath = access.grantBeside(path, name);
  let bytes: Buffer;
  try {
    bytes = await readAllowedFile(access, weightsPath, MAX_WEIGHTS_BYTES);
  } catch (error) {
    throw new Error(`${path}: weightsFile: the weights file beside the project could not be read: ${(error as Error).message}`);
  }
  const json = parseJsonText(bytes.toString('utf8'), MAX_WEIGHTS_BYTES, 'weights file');
  if (!json.ok) throw new Error(`${weightsPath}: ${json.error}`);
  const weights = weightsSchema.safeParse(json.doc);
  if (!weights.success) {
    const first = weights.error.issues[0];
    throw new Error(`${weightsPath}: not a ConvStudio weights file: ${first.path.map(String).join('.') || '(document)'}: ${first.message}`);
  }
  return joinWeights(doc as Parameters<typeof joinWeights>[0], weights.data);
}

/**
 * Writes a project atomically to a path the user chose. Large weights go first to
 * `<name>.weights.json` beside it (atomically too), so the project never names a weights file
 * that is not complete on disk.
 *
 * @example
 * await writeProjectFile(access, path, project);
 */
export async function writeProjectFile(access: FileAccess, path: string, project: ProjectDocument, inlineLimit?: number): Promise<void> {
  const target = access.check(path);
  const split = splitWeights(project, weightsFileName(target), inlineLimit);
  if (split) await atomicWrite(access.grantBeside(target, split.project.weightsFile), `${JSON.stringify(split.weights)}\n`);
  await atomicWrite(target, serializeProject(split?.project ?? project));
}

/** `net` → `net.convstudio.json`; a name that already ends so is kept. */
export function withProjectExtension(path: string): string {
  return path.toLowerCase().endsWith(PROJECT_EXTENSION) ? path : `${path.replace(/\.json$/i, '')}${PROJECT_EXTENSION}`;
}

