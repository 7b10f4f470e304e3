import { PROJECT_FORMAT, PROJECT_VERSION, type ProjectDocument } from '../../shared/project-schema.js';
import type { StudioState } from '../state/studio-state.js';

/**
 * The `.convstudio.json` document for the studio's state: pipeline (kernels and weights inside
 * it) and view state. The image is added by `useProjectImage` (it is encoded as PNG, which takes
 * a moment), so a project saved with an image reopens on it.
 *
 * @example
 * await host.saveProject(projectDocument(state), { saveAs: false });
 */
export function projectDocument(state: StudioState): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    projectId: state.projectId,
    title: state.title,
    pipeline: state.pipeline,
    viewState: { view: state.view, scale: state.scale, backend: state.backend, ...(state.selectedNodeId ? { selectedNodeId: state.selectedNodeId } : {}), ...(state.matrix ? { inputMatrix: state.matrix } : {}), ...(state.trained ? { trained: state.trained } : {}) },
  };
}

/** What counts as a change worth saving; `undefined` means never saved (recovered or dropped work). */
export type Baseline = Pick<StudioState, 'projectId' | 'title' | 'pipeline' | 'scale'> | undefined;

/**
 * Whether the project differs from its last save. Only the work counts (pipeline, title, input
 * scale); switching views or selecting a node is saved with the project but does not ask to be.
 * Pipelines are compared by reference: every edit makes a new one, and a deep compare of large
 * weights on every change would cost more than it saves.
 *
 * @example
 * const dirty = isDirty(state, baselineOf(state)); // false
 */
export function isDirty(state: StudioState, baseline: Baseline): boolean {
  return !baseline || baseline.pipeline !== state.pipeline || baseline.title !== state.title || baseline.scale !== state.scale || baseline.projectId !== state.projectId;
}

/** The state as it is now, as the point later changes are measured from. */
export function baselineOf(state: StudioState): Baseline {
  return { projectId: state.projectId, title: state.title, pipeline: state.pipeline, scale: state.scale };
}
