import { describe, expect, it } from 'vitest';
import { projects } from '../projects/projects.js';
import { projectState, studioReducer } from './studio-state.js';

const workedExample = projects[0];
const alexNet = projects.find((p) => p.id === 'alexnet')!;
const image = { name: 'six', image: { width: 1, height: 1, data: new Uint8ClampedArray(4) } };

describe('studioReducer', () => {
  it('opens a project with its pipeline, scale and view, keeping the chosen backend', () => {
    const state = { ...projectState(workedExample), backend: 'webgpu' as const };
    const next = studioReducer(state, { type: 'openProject', project: alexNet });
    expect(next).toMatchObject({ projectId: 'alexnet', view: 'cost', scale: '0-1', backend: 'webgpu' });
    expect(next.pipeline.nodes[0].params).toEqual({ channels: 3, height: 224, width: 224 });
  });

  it('drops the selection when an edit removes the selected node', () => {
    let state = studioReducer(projectState(workedExample), { type: 'selectNode', nodeId: 'pool1' });
    const kept = { ...state.pipeline, nodes: state.pipeline.nodes.slice() };
    state = studioReducer(state, { type: 'setPipeline', pipeline: kept });
    expect(state.selectedNodeId).toBe('pool1');
    const without = { ...state.pipeline, nodes: state.pipeline.nodes.filter((n) => n.id !== 'pool1'), edges: state.pipeline.edges.filter((e) => e.target !== 'pool1') };
    expect(studioReducer(state, { type: 'setPipeline', pipeline: without }).selectedNodeId).toBeUndefined();
  });

  it('a typed-in matrix sets the input node to its shape; an image or clearing it goes back to images', () => {
    const matrix = { shape: [2, 3, 4] as [number, number, number], values: Array.from({ length: 24 }, (_, i) => i) };
    let state = studioReducer(projectState(workedExample), { type: 'setMatrix', matrix });
    expect(state.matrix).toBe(matrix);
    expect(state.pipeline.nodes[0].params).toEqual({ channels: 2, height: 3, width: 4 });
    expect(state.pipeline.nodes.slice(1)).toEqual(projectState(workedExample).pipeline.nodes.slice(1));
    expect(studioReducer(state, { type: 'clearMatrix' }).matrix).toBeUndefined();
    state = studioReducer(state, { type: 'setImage', image });
    expect(state.matrix).toBeUndefined();
  });

  it('sets the input node from the size and colour options without touching other nodes', () => {
    const state = studioReducer(projectState(workedExample), { type: 'setInputSize', channels: 3, height: 64, width: 48 });
    expect(state.pipeline.nodes[0].params).toEqual({ channels: 3, height: 64, width: 48 });
    expect(state.pipeline.nodes.slice(1)).toEqual(projectState(workedExample).pipeline.nodes.slice(1));
  });

  it('reports an image notice once in the status messages, and dismisses it', () => {
    let state = studioReducer(projectState(workedExample), { type: 'setImage', image: { ...image, notice: 'scaled down' } });
    expect(state.notices).toEqual(['six: scaled down']);
    state = studioReducer(state, { type: 'notify', message: 'six: scaled down' });
    expect(state.notices).toHaveLength(1);
    expect(studioReducer(state, { type: 'dismissNotice', index: 0 }).notices).toEqual([]);
  });
});

describe('loading a saved project', () => {
  it('takes the pipeline and view state from the file and keeps the image', () => {
    const lenet = projects.find((p) => p.id === 'lenet5')!;
    const saved = { format: 'convstudio-project' as const, version: 2 as const, projectId: 'lenet5', title: 'My LeNet', pipeline: lenet.build(), viewState: { view: 'stack' as const, scale: '0-255' as const, backend: 'webgpu' as const, selectedNodeId: 'conv1' } };
    const state = { ...studioReducer(projectState(workedExample), { type: 'setImage', image }), notices: ['old'] };
    const next = studioReducer(state, { type: 'loadSaved', project: saved });
    expect(next).toMatchObject({ projectId: 'lenet5', title: 'My LeNet', view: 'stack', scale: '0-255', backend: 'webgpu', selectedNodeId: 'conv1', notices: [], image });
    expect(next.pipeline).toBe(saved.pipeline);
  });
});
