import { templates } from '@convstudio/core';
import type { ProjectDocument } from '../project-schema.js';

/**
 * A valid project for tests: the worked example in the figure view.
 *
 * @example
 * await writeFile(path, serializeProject(sampleProject()));
 */
export function sampleProject(): ProjectDocument {
  return { format: 'convstudio-project', version: 1, projectId: 'worked-example', title: 'Worked example', pipeline: templates[0].build(), viewState: { view: 'figure', scale: '0-255', backend: 'cpu' } };
}
