import { plainNodeValues } from '@convstudio/core';
import type { ProjectDocument } from '../project-schema.js';

/**
 * A read result with the project's layer values as plain numbers, for `toEqual` against a
 * project built with number arrays: reading keeps sidecar weights as Float32Arrays, which
 * `toEqual` tells from number arrays of the same values.
 *
 * @example
 * expect(plainResult(await readProjectContent(text, name, readBeside))).toEqual({ ok: true, project });
 */
export function plainResult<T extends { ok: boolean; project?: ProjectDocument }>(result: T): T {
  return result.project ? { ...result, project: plainProject(result.project) } : result;
}

/** The project with its layer values as plain numbers (see {@link plainResult}). */
export function plainProject(project: ProjectDocument): ProjectDocument {
  return { ...project, pipeline: plainNodeValues(project.pipeline) };
}
