import { MAX_PROJECT_BYTES, parseProjectText, serializeProject, type ProjectDocument, type ProjectParseResult } from '../shared/project-schema.js';
import { atomicWrite } from './atomic-write.js';
import { readAllowedFile, type FileAccess } from './file-access.js';

/** The extension every project carries; the save dialog adds it when the user leaves it out. */
export const PROJECT_EXTENSION = '.convstudio.json';

/**
 * Reads and checks a `.convstudio.json` the user chose. Too large, unreadable, not JSON or not a
 * valid project all come back as `{ ok: false, error }` with the path and the field named.
 *
 * @example
 * const result = await readProjectFile(access, '/home/ada/net.convstudio.json');
 */
export async function readProjectFile(access: FileAccess, path: string, maxBytes = MAX_PROJECT_BYTES): Promise<ProjectParseResult> {
  let text: string;
  try {
    text = (await readAllowedFile(access, path, maxBytes)).toString('utf8');
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const result = parseProjectText(text, maxBytes);
  return result.ok ? result : { ok: false, error: `${path}: ${result.error}` };
}

/**
 * Writes a project atomically to a path the user chose.
 *
 * @example
 * await writeProjectFile(access, path, project);
 */
export async function writeProjectFile(access: FileAccess, path: string, project: ProjectDocument): Promise<void> {
  await atomicWrite(access.check(path), serializeProject(project));
}

/** `net` → `net.convstudio.json`; a name that already ends so is kept. */
export function withProjectExtension(path: string): string {
  return path.toLowerCase().endsWith(PROJECT_EXTENSION) ? path : `${path.replace(/\.json$/i, '')}${PROJECT_EXTENSION}`;
}
