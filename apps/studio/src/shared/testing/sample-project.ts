import { templates } from '@convstudio/core';
import { writeProjectContent, type ProjectDocument } from '../project-schema.js';

/**
 * A valid project for tests: the worked example in the figure view.
 *
 * @example
 * await writeFile(path, await projectText(sampleProject()));
 */
export function sampleProject(): ProjectDocument {
  return { format: 'convstudio-project', version: 2, projectId: 'worked-example', title: 'Worked example', pipeline: templates[0].build(), viewState: { view: 'figure', scale: '0-255', backend: 'cpu' } };
}

/**
 * A project's file text as the studio writes it (core's one writer; weights stay inline, so one file).
 *
 * @example
 * await writeFile(path, await projectText(sampleProject()));
 */
export async function projectText(project: ProjectDocument, fileName = 'net.convstudio.json'): Promise<string> {
  return (await writeProjectContent(project, fileName, Number.MAX_SAFE_INTEGER)).text;
}
