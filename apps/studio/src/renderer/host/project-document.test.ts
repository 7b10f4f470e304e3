import { describe, expect, it } from 'vitest';
import { parseProject } from '../../shared/project-schema.js';
import { projects } from '../projects/projects.js';
import { projectState, studioReducer } from '../state/studio-state.js';
import { baselineOf, isDirty, projectDocument } from './project-document.js';

describe('project documents', () => {
  it("writes the studio's state as a valid project that loads back to the same state", () => {
    const state = studioReducer(projectState(projects[1]), { type: 'selectNode', nodeId: 'conv1' });
    const doc = projectDocument(state);
    expect(parseProject(JSON.parse(JSON.stringify(doc)))).toEqual({ ok: true, project: doc });
    const loaded = studioReducer(projectState(projects[0]), { type: 'loadSaved', project: doc });
    expect(projectDocument(loaded)).toEqual(doc);
  });

  it('keeps how the weights were trained, so a trained model reopened does not read as set by hand', () => {
    const trained = studioReducer(projectState(projects[1]), { type: 'trained', pipeline: projects[1].build(), summary: { task: 'MNIST digits', epochs: 3 } });
    const doc = projectDocument(trained);
    expect(doc.viewState.trained).toEqual({ task: 'MNIST digits', epochs: 3 });
    const reopened = studioReducer(projectState(projects[0]), { type: 'loadSaved', project: JSON.parse(JSON.stringify(doc)) });
    expect(reopened.trained).toEqual({ task: 'MNIST digits', epochs: 3 });
    expect(studioReducer(reopened, { type: 'loadSaved', project: projectDocument(projectState(projects[1])) }).trained).toBeUndefined();
  });

  it('is dirty after an edit, not after a view switch, and always when never saved', () => {
    const state = projectState(projects[0]);
    const baseline = baselineOf(state);
    expect(isDirty(state, baseline)).toBe(false);
    expect(isDirty(studioReducer(state, { type: 'setView', view: 'cost' }), baseline)).toBe(false);
    expect(isDirty(studioReducer(state, { type: 'setInputSize', channels: 3, height: 30, width: 30 }), baseline)).toBe(true);
    expect(isDirty(studioReducer(state, { type: 'setScale', scale: '0-1' }), baseline)).toBe(true);
    expect(isDirty(state, undefined)).toBe(true);
  });
});
