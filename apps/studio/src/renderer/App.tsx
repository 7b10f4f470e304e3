import { useCallback, useEffect, useReducer, useRef } from 'react';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { InputSizeControls } from './components/InputSizeControls.js';
import { StatusBar } from './components/StatusBar.js';
import { Toolbar } from './components/Toolbar.js';
import { EditorPanel } from './editor/EditorPanel.js';
import type { Host } from './host/host.js';
import { useHostProject } from './host/useHostProject.js';
import { useImageInput } from './host/useImageInput.js';
import type { ImageLoadResult } from './images/load-image.js';
import { projects, type ProjectPreset } from './projects/projects.js';
import { useLiveRun } from './run/useLiveRun.js';
import { sampleById, samples, type Sample } from './samples/samples.js';
import { projectState, studioReducer } from './state/studio-state.js';
import { CostView } from './views/CostView.js';
import { FigureView } from './views/FigureView.js';
import { MapsView } from './views/MapsView.js';
import { StackView } from './views/StackView.js';
import { TrainView } from './views/TrainView.js';
import { useTraining } from './train/useTraining.js';
import { withTrainedLayers } from './editor/node-weights.js';
import type { TrainedLayer } from './train/train-protocol.js';

// Whether this page's browser offers WebGPU at all (the worker may still find no adapter, and says so).
const GPU_IN_PAGE = typeof navigator !== 'undefined' && 'gpu' in navigator;

/** The studio: toolbar, pipeline editor on the left, the chosen view of the feature maps on the right. */
export function App({ host }: { host: Host }) {
  const [state, dispatch] = useReducer(studioReducer, projects[0], (p) => projectState(p));

  const onImage = useCallback((result: ImageLoadResult) => {
    if (result.ok) dispatch({ type: 'setImage', image: { name: result.name, image: result.image, ...(result.notice ? { notice: result.notice } : {}) } });
    else dispatch({ type: 'notify', message: result.error });
  }, []);
  const pickSample = useCallback(async (sample: Sample) => onImage(await sample.load()), [onImage]);
  const { openImage } = useImageInput(host, onImage);

  // Replacing the pipeline asks first when it holds unsaved edits (the user's work is never dropped silently).
  const dirty = useRef(false);
  const openProject = useCallback((project: ProjectPreset) => {
    if (dirty.current && !window.confirm(`Open "${project.title}"? Your unsaved changes to the current pipeline will be lost.`)) return false;
    dispatch({ type: 'openProject', project });
    void pickSample(sampleById(project.sampleId));
    return true;
  }, [pickSample]);
  useEffect(() => void pickSample(sampleById(projects[0].sampleId)), [pickSample]);
  const project = useHostProject(host, state, dispatch, { openImage, newProject: () => openProject(projects[0]) });
  useEffect(() => {
    dirty.current = project.dirty;
    // The browser has no autosave: leaving the page with unsaved edits asks first.
    if (!project.dirty || host.kind !== 'browser') return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [project.dirty, host.kind]);

  const onGpuUnavailable = useCallback((message: string) => {
    dispatch({ type: 'notify', message: `WebGPU is not available here, so the studio stays on the CPU: ${message}` });
    dispatch({ type: 'setBackend', backend: 'cpu' });
  }, []);
  const run = useLiveRun(state, onGpuUnavailable);
  // Trained layers land in the pipeline of the moment (a dispatch, so edits made meanwhile stay).
  const pipelineRef = useRef(state.pipeline);
  useEffect(() => {
    pipelineRef.current = state.pipeline;
  }, [state.pipeline]);
  const onTrained = useCallback((layers: TrainedLayer[]) => dispatch({ type: 'setPipeline', pipeline: withTrainedLayers(pipelineRef.current, layers) }), []);
  const training = useTraining(onTrained);
  const selectNode = useCallback((nodeId: string | undefined) => dispatch({ type: 'selectNode', nodeId }), []);

  return (
    <div className="studio" data-testid="studio">
      <Toolbar
        projects={projects}
        projectId={state.projectId}
        onOpenProject={openProject}
        samples={samples}
        onPickSample={(s) => void pickSample(s)}
        onOpenImage={openImage}
        scale={state.scale}
        onScale={(scale) => dispatch({ type: 'setScale', scale })}
        backend={state.backend}
        onBackend={(backend) => dispatch({ type: 'setBackend', backend })}
        gpuAvailable={GPU_IN_PAGE}
        view={state.view}
        onView={(view) => dispatch({ type: 'setView', view })}
        run={run}
      />
      <main className="studio-main">
        <section className="studio-editor" aria-label="Pipeline editor">
          <div className="studio-editor-head">
            <span className="studio-image-name" data-testid="image-name">{state.image ? `Image: ${state.image.name} (${state.image.image.width}×${state.image.image.height})` : 'No image'}</span>
            <InputSizeControls pipeline={state.pipeline} onChange={(channels, height, width) => dispatch({ type: 'setInputSize', channels, height, width })} />
          </div>
          <ErrorBoundary area="pipeline editor" resetKey={state.projectId}>
            <EditorPanel
              pipeline={state.pipeline}
              onChange={(pipeline) => dispatch({ type: 'setPipeline', pipeline })}
              selectedNodeId={state.selectedNodeId}
              onSelectNode={selectNode}
              run={run}
            />
          </ErrorBoundary>
        </section>
        <section className="studio-view" aria-label="View">
          <ErrorBoundary area={`${state.view} view`} resetKey={`${state.view}:${state.projectId}`}>
            {state.view === 'figure' && <FigureView run={run} imageName={state.image?.name} />}
            {state.view === 'maps' && <MapsView pipeline={state.pipeline} run={run} selectedNodeId={state.selectedNodeId} onSelectNode={selectNode} />}
            {state.view === 'stack' && <StackView pipeline={state.pipeline} run={run} onSelectNode={selectNode} />}
            {state.view === 'cost' && <CostView pipeline={state.pipeline} />}
            {state.view === 'train' && <TrainView pipeline={state.pipeline} training={training.state} onStart={(settings) => training.start(state.pipeline, settings)} onCancel={training.cancel} />}
          </ErrorBoundary>
        </section>
      </main>
      <StatusBar notices={state.notices} run={run} onDismiss={(index) => dispatch({ type: 'dismissNotice', index })} />
    </div>
  );
}
