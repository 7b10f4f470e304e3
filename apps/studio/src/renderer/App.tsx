import type { Pipeline } from '@convstudio/core';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Group, Panel, Separator, usePanelRef } from 'react-resizable-panels';
import { InspectorPane } from './components/InspectorPane.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { FileMenu } from './components/FileMenu.js';
import { InputSizeControls } from './components/InputSizeControls.js';
import { StatusBar } from './components/StatusBar.js';
import { Toolbar } from './components/Toolbar.js';
import { ViewTabs } from './components/ViewTabs.js';
import { WeightsBadge } from './components/WeightsBadge.js';
import { FitControl } from './components/FitControl.js';
import { GuidedTour } from './welcome/GuidedTour.js';
import { ProjectGallery } from './welcome/ProjectGallery.js';
import { WelcomeBanner } from './welcome/WelcomeBanner.js';
import { readFlag, writeFlag, WELCOME_KEY } from './welcome/flags.js';
import { EditorPanel } from './editor/EditorPanel.js';
import type { Host } from './host/host.js';
import { useHostProject } from './host/useHostProject.js';
import { useImageInput } from './host/useImageInput.js';
import type { ImageLoadResult } from './images/load-image.js';
import { projects, type ProjectPreset, type StudioView } from './projects/projects.js';
import { useLiveRun } from './run/useLiveRun.js';
import { sampleById, samples, type Sample } from './samples/samples.js';
import { projectState, studioReducer } from './state/studio-state.js';
import { CostView } from './views/CostView.js';
import { FigureView } from './views/FigureView.js';
import { MapsView } from './views/MapsView.js';
import { StackView } from './views/StackView.js';
import { TrainView } from './views/TrainView.js';
import { LabView } from './views/LabView.js';
import { desktopLabStore } from './lab/desktop-lab-store.js';
import { keyValueLabStore } from './lab/lab-store.js';
import { useLab } from './lab/useLab.js';
import { indexedDbStore } from './host/kv-store.js';
import { useTraining } from './train/useTraining.js';
import { useWebGpuAvailability } from './train/useWebGpuAvailability.js';
import { withTrainedLayers } from './editor/node-weights.js';
import type { TrainedLayer, TrainSettings } from './train/train-protocol.js';
import { weightsOrigin } from './components/weights-origin.js';
import { GradientsView } from './gradients/GradientsView.js';
import { CompareView } from './compare/CompareView.js';
import { UpConvView } from './upconv/UpConvView.js';
import { MatrixEntry } from './matrix/MatrixEntry.js';
import { Table2 } from 'lucide-react';
import { defaultRequest, settleRequest } from './gradients/gradient-choices.js';
import { OnnxImportDialog } from './onnx/OnnxImportDialog.js';
import { useModelImport } from './onnx/useModelImport.js';
import { useRunTestHook } from './run/run-test-hook.js';
import type { GradientRequest } from './gradients/gradient-protocol.js';

// Whether this page's browser offers WebGPU at all (the worker may still find no adapter, and says so).
const GPU_IN_PAGE = typeof navigator !== 'undefined' && 'gpu' in navigator;

/**
 * The studio: a toolbar, then three resizable panes (the pipeline editor, the inspector with the
 * selected layer's parameters and kernels, and the chosen view) and a status bar.
 */
/** Width of the folded Layer inspector: room for its Show button. */
const INSPECTOR_STRIP_PX = 34;

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
    // A project with its own input matrix keeps it (a new image would replace the matrix).
    if (!project.matrix) void pickSample(sampleById(project.sampleId));
    return true;
  }, [pickSample]);
  useEffect(() => void pickSample(sampleById(projects[0].sampleId)), [pickSample]);
  // The run comes before the project's file side: its effect posts the run before that one
  // encodes a new image for autosave (200 ms of AlexNet's cold open on SwiftShader).
  const onGpuUnavailable = useCallback((message: string) => {
    dispatch({ type: 'notify', message: `WebGPU is not available here, so the studio stays on the CPU: ${message}` });
    dispatch({ type: 'setBackend', backend: 'cpu' });
  }, []);
  // Trained layers land in the pipeline of the moment (a dispatch, so edits made meanwhile stay).
  const pipelineRef = useRef(state.pipeline);
  useEffect(() => {
    pipelineRef.current = state.pipeline;
  }, [state.pipeline]);
  // Gradient mode: while the Gradients view is open, every run also back-propagates this target.
  const [gradientRequest, setGradientRequest] = useState<GradientRequest>(() => defaultRequest(state.pipeline));
  useEffect(() => setGradientRequest(defaultRequest(pipelineRef.current)), [state.projectId]);
  const settledGradient = useMemo(() => settleRequest(state.pipeline, gradientRequest), [state.pipeline, gradientRequest]);
  const run = useLiveRun({ ...state, gradient: state.view === 'gradients' ? settledGradient : undefined }, onGpuUnavailable);
  useRunTestHook(run);
  // ONNX models (File > Open Model…, or dropped): imported in a worker, then opened like a project.
  const models = useModelImport(host, { dispatch, isDirty: () => dirty.current, pickSample, backend: state.backend });
  const project = useHostProject(host, state, dispatch, { openImage, newProject: () => openProject(projects[0]), openModel: () => void models.openModel() });
  useEffect(() => {
    dirty.current = project.dirty;
    // The browser has no autosave: leaving the page with unsaved edits asks first.
    if (!project.dirty || host.kind !== 'browser') return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [project.dirty, host.kind]);

  const onTrained = useCallback((layers: TrainedLayer[], { settings, epochs }: { settings: TrainSettings; epochs: number }) => {
    const task = settings.task === 'sixVsNine' ? 'MNIST 6 vs 9' : 'MNIST digits';
    dispatch({ type: 'trained', pipeline: withTrainedLayers(pipelineRef.current, layers), summary: { task, epochs } });
  }, []);
  const training = useTraining(onTrained);
  const trainGpu = useWebGpuAvailability(state.view === 'train');
  // The lab keeps runs in SQLite in the desktop's main process, in IndexedDB on the web.
  const [labStore] = useState(() => (window.convstudio ? desktopLabStore(window.convstudio) : keyValueLabStore(indexedDbStore())));
  const lab = useLab(labStore);
  const selectNode = useCallback((nodeId: string | undefined) => dispatch({ type: 'selectNode', nodeId }), []);
  const setPipeline = useCallback((pipeline: Pipeline) => dispatch({ type: 'setPipeline', pipeline }), []);
  const editWeights = useCallback((nodeId: string, base: Float32Array, edits: readonly (readonly [number, number])[]) => dispatch({ type: 'editWeights', nodeId, base, edits }), []);
  const notify = useCallback((message: string) => dispatch({ type: 'notify', message }), []);
  // First run: a welcome line with the tour and the gallery, until dismissed (remembered per browser profile).
  const [welcome, setWelcome] = useState(() => readFlag(WELCOME_KEY) !== 'dismissed');
  const dismissWelcome = useCallback(() => {
    setWelcome(false);
    writeFlag(WELCOME_KEY, 'dismissed');
  }, []);
  const [galleryOpen, setGalleryOpen] = useState(false);
  const [matrixOpen, setMatrixOpen] = useState(false);
  const [touring, setTouring] = useState(false);
  const showView = useCallback((view: StudioView) => dispatch({ type: 'setView', view }), []);
  const startTour = useCallback(() => {
    // The tour walks through the worked example; another open project is left alone if the user declines.
    if (state.projectId !== projects[0].id && !openProject(projects[0])) return;
    dismissWelcome();
    setTouring(true);
  }, [state.projectId, openProject, dismissWelcome]);
  // The inspector pane's element: the editor draws the selected layer's parameters into it.
  const [inspector, setInspector] = useState<HTMLElement | null>(null);
  const inspectorPanel = usePanelRef();
  const [inspectorCollapsed, setInspectorCollapsed] = useState(false);

  return (
    <div className="studio" data-testid="studio">
      <Toolbar
        fileMenu={<FileMenu files={project} />}
        projects={projects}
        projectId={state.projectId}
        projectTitle={state.title}
        onOpenProject={openProject}
        samples={samples}
        onPickSample={(s) => void pickSample(s)}
        onOpenImage={openImage}
        scale={state.scale}
        onScale={(scale) => dispatch({ type: 'setScale', scale })}
        backend={state.backend}
        onBackend={(backend) => dispatch({ type: 'setBackend', backend })}
        gpuAvailable={GPU_IN_PAGE}
        run={run}
        onShowGallery={() => setGalleryOpen(true)}
        onShowTour={startTour}
      />
      <Group className="studio-main" orientation="horizontal" id="studio-panes">
        <Panel id="pane-pipeline" defaultSize="36%" minSize={320}>
          <section className="studio-pane studio-editor" aria-label="Pipeline editor">
            <div className="studio-pane-head">
              <span className="studio-image-name" data-testid="image-name">{state.matrix ? `Matrix: ${state.matrix.shape.join('×')} (typed in)` : state.image ? `Image: ${state.image.name} (${state.image.image.width}×${state.image.image.height})` : 'No image'}</span>
              <WeightsBadge origin={weightsOrigin(state.pipeline, state.trained)} />
              <FitControl image={state.image?.image} pipeline={state.pipeline} fit={state.fit} onFit={(fit) => dispatch({ type: 'setFit', fit })} />
              <InputSizeControls pipeline={state.pipeline} onChange={(channels, height, width) => dispatch({ type: 'setInputSize', channels, height, width })} onNotice={notify} />
              <button type="button" className="cs-button" aria-expanded={matrixOpen} aria-controls="studio-matrix-text" onClick={() => setMatrixOpen((open) => !open)} title="Type or paste the input as a matrix of numbers instead of an image">
                <Table2 size={14} aria-hidden /> Matrix
              </button>
            </div>
            {matrixOpen && (
              <MatrixEntry
                current={state.matrix}
                onUse={(matrix) => dispatch({ type: 'setMatrix', matrix })}
                onClear={() => {
                  dispatch({ type: 'clearMatrix' });
                  setMatrixOpen(false);
                }}
                onClose={() => setMatrixOpen(false)}
              />
            )}
            <ErrorBoundary area="pipeline editor" resetKey={state.projectId}>
              <EditorPanel
                // A new document gets a new editor: its undo history belongs to that document alone.
                key={state.documentId}
                pipeline={state.pipeline}
                onChange={setPipeline}
                onEditWeights={editWeights}
                selectedNodeId={state.selectedNodeId}
                onSelectNode={selectNode}
                run={run}
                inspector={inspector}
                onNotice={notify}
                onGradientCell={(nodeId, index) => setGradientRequest((request) => ({ ...request, cell: { nodeId, index } }))}
              />
            </ErrorBoundary>
          </section>
        </Panel>
        <Separator className="studio-separator" />
        <Panel id="pane-inspector" panelRef={inspectorPanel} defaultSize={300} minSize={260} collapsible collapsedSize={INSPECTOR_STRIP_PX} onResize={(size) => setInspectorCollapsed(size.inPixels < INSPECTOR_STRIP_PX + 20)}>
          <InspectorPane collapsed={inspectorCollapsed} onToggle={() => (inspectorCollapsed ? inspectorPanel.current?.expand() : inspectorPanel.current?.collapse())} bodyRef={setInspector} />
        </Panel>
        <Separator className="studio-separator" />
        <Panel id="pane-view" minSize={320}>
          <section className="studio-pane studio-view-pane" aria-label="View">
            {welcome && <WelcomeBanner onTour={startTour} onGallery={() => setGalleryOpen(true)} onDismiss={dismissWelcome} />}
            <ViewTabs view={state.view} onView={(view) => dispatch({ type: 'setView', view })} />
            <div className="studio-view" data-testid="view-body">
              <ErrorBoundary area={`${state.view} view`} resetKey={`${state.view}:${state.projectId}`}>
                {state.view === 'figure' && <FigureView run={run} pipeline={state.pipeline} imageName={state.image?.name} onOpenWorkedExample={() => openProject(projects[0])} />}
                {state.view === 'maps' && <MapsView pipeline={state.pipeline} run={run} selectedNodeId={state.selectedNodeId} onSelectNode={selectNode} />}
                {state.view === 'stack' && <StackView pipeline={state.pipeline} run={run} onSelectNode={selectNode} />}
                {state.view === 'cost' && <CostView pipeline={state.pipeline} />}
                {state.view === 'gradients' && <GradientsView pipeline={state.pipeline} run={run} request={settledGradient} onRequest={setGradientRequest} selectedNodeId={state.selectedNodeId} onSelectNode={selectNode} weightsText={weightsOrigin(state.pipeline, state.trained).text} trainedTask={state.trained?.task} />}
                {state.view === 'upconv' && <UpConvView pipeline={state.pipeline} run={run} selectedNodeId={state.selectedNodeId} onSelectNode={selectNode} onOpenExample={() => { const example = projects.find((p) => p.id === 'doc-up-convolution'); if (example) openProject(example); }} />}
                {state.view === 'compare' && <CompareView pipeline={state.pipeline} projectId={state.projectId} image={state.image} scale={state.scale} backend={state.backend} fit={state.fit} weightsText={weightsOrigin(state.pipeline, state.trained).text} />}
                {state.view === 'lab' && <LabView lab={lab.state} onStart={(id, budget) => void lab.start(id, budget)} onCancel={lab.cancel} onOpenRun={(pipeline, summary) => { dispatch({ type: 'trained', pipeline, summary }); showView('maps'); }} />}
                {state.view === 'train' && <TrainView pipeline={state.pipeline} training={training.state} gpu={trainGpu} onStart={(settings, backend) => training.start(state.pipeline, settings, backend)} onCancel={training.cancel} />}
              </ErrorBoundary>
            </div>
          </section>
        </Panel>
      </Group>
      {galleryOpen && (
        <ProjectGallery
          projects={projects}
          onOpen={(p) => {
            setGalleryOpen(false);
            openProject(p);
          }}
          onClose={() => setGalleryOpen(false)}
          onTour={() => {
            setGalleryOpen(false);
            startTour();
          }}
        />
      )}
      {models.state.status !== 'idle' && <OnnxImportDialog state={models.state} onCancel={models.cancel} onClose={models.dismiss} />}
      {touring && <GuidedTour onClose={() => setTouring(false)} onView={showView} onSelectNode={selectNode} />}
      <StatusBar notices={state.notices} run={run} onDismiss={(index) => dispatch({ type: 'dismissNotice', index })} />
    </div>
  );
}
