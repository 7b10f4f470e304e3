import type { ImageFit, Pipeline, RgbaImage } from '@convstudio/core';
import type { TrainedSummary } from '../components/weights-origin.js';
import { withWeightEdits } from '../editor/node-weights.js';
import type { ProjectDocument } from '../../shared/project-schema.js';
import type { ProjectPreset, StudioView } from '../projects/projects.js';
import type { BackendChoice, InputScale, MatrixInput } from '../run/run-protocol.js';

/** The image the pipeline runs on, and where it came from. */
export interface StudioImage {
  name: string;
  image: RgbaImage;
  /** Said once when the image was scaled down or converted. */
  notice?: string;
}

/** Everything the user is working on; what a saved project holds besides view details. */
export interface StudioState {
  projectId: string;
  title: string;
  pipeline: Pipeline;
  /** Counts documents opened in this window: the editor's undo history belongs to one of them. */
  documentId: number;
  selectedNodeId?: string;
  image?: StudioImage;
  scale: InputScale;
  /** How an image of another aspect ratio fills the input. */
  fit: ImageFit;
  backend: BackendChoice;
  view: StudioView;
  /** What training last handed back to this document (cleared when another document opens). */
  trained?: TrainedSummary;
  /** A typed-in input matrix that replaces the image (the document's examples). */
  matrix?: MatrixInput;
  /** Messages for the status bar: notices about images, backend fallbacks. */
  notices: string[];
}

export type StudioAction =
  | { type: 'openProject'; project: ProjectPreset }
  | { type: 'loadSaved'; project: ProjectDocument }
  | { type: 'setPipeline'; pipeline: Pipeline }
  | { type: 'editWeights'; nodeId: string; base: Float32Array; edits: readonly (readonly [number, number])[] }
  | { type: 'trained'; pipeline: Pipeline; summary: TrainedSummary }
  | { type: 'selectNode'; nodeId: string | undefined }
  | { type: 'setImage'; image: StudioImage }
  | { type: 'setScale'; scale: InputScale }
  | { type: 'setFit'; fit: ImageFit }
  | { type: 'setInputSize'; channels: 1 | 3; height: number; width: number }
  | { type: 'setMatrix'; matrix: MatrixInput }
  | { type: 'clearMatrix' }
  | { type: 'setBackend'; backend: BackendChoice }
  | { type: 'setView'; view: StudioView }
  | { type: 'notify'; message: string }
  | { type: 'dismissNotice'; index: number };

/** The state a project opens with (its image is loaded afterwards, asynchronously). */
export function projectState(project: ProjectPreset, previous?: Pick<StudioState, 'backend' | 'image' | 'documentId'>): StudioState {
  return {
    projectId: project.id,
    documentId: (previous?.documentId ?? 0) + 1,
    title: project.title,
    pipeline: project.build(),
    scale: project.scale,
    fit: 'stretch',
    backend: previous?.backend ?? 'cpu',
    view: project.view,
    notices: [],
    ...(project.matrix ? { matrix: project.matrix } : {}),
    ...(previous?.image ? { image: previous.image } : {}),
  };
}

/**
 * The studio's state transitions, kept pure so they are tested without React.
 *
 * @example
 * const next = studioReducer(state, { type: 'setBackend', backend: 'webgpu' });
 */
export function studioReducer(state: StudioState, action: StudioAction): StudioState {
  switch (action.type) {
    case 'openProject':
      // A project with its own matrix keeps the current image (runs need one; the matrix replaces it).
      return projectState(action.project, { backend: state.backend, documentId: state.documentId, ...(action.project.matrix && state.image ? { image: state.image } : {}) });
    case 'loadSaved': {
      // A saved project brings its pipeline and view state; the image stays (files do not hold one).
      const { project } = action;
      return { ...state, trained: project.viewState.trained, documentId: state.documentId + 1, projectId: project.projectId, title: project.title, pipeline: project.pipeline, selectedNodeId: project.viewState.selectedNodeId, ...pickView(project), matrix: project.viewState.inputMatrix, notices: [] };
    }
    case 'setPipeline': {
      const stillThere = action.pipeline.nodes.some((n) => n.id === state.selectedNodeId);
      return { ...state, pipeline: action.pipeline, ...(stillThere ? {} : { selectedNodeId: undefined }) };
    }
    case 'editWeights':
      // Applied to the pipeline of this moment, not the one the editor rendered: keystrokes
      // arriving faster than renders all land.
      return { ...state, pipeline: withWeightEdits(state.pipeline, action.nodeId, action.base, action.edits) };
    case 'trained':
      return { ...state, pipeline: action.pipeline, trained: action.summary };
    case 'selectNode':
      return { ...state, selectedNodeId: action.nodeId };
    case 'setImage':
      return { ...state, image: action.image, matrix: undefined, notices: action.image.notice ? [...state.notices, `${action.image.name}: ${action.image.notice}`] : state.notices };
    case 'setScale':
      return { ...state, scale: action.scale };
    case 'setFit':
      return { ...state, fit: action.fit };
    case 'setInputSize':
      return { ...state, matrix: undefined, pipeline: withInputSize(state.pipeline, action.channels, action.height, action.width) };
    case 'setMatrix': {
      // The input node takes the matrix's shape, so the run feeds it exactly (any channel count).
      const [channels, height, width] = action.matrix.shape;
      return { ...state, matrix: action.matrix, pipeline: withInputSize(state.pipeline, channels, height, width) };
    }
    case 'clearMatrix':
      return { ...state, matrix: undefined };
    case 'setBackend':
      return { ...state, backend: action.backend };
    case 'setView':
      return { ...state, view: action.view };
    case 'notify':
      return state.notices.includes(action.message) ? state : { ...state, notices: [...state.notices, action.message] };
    case 'dismissNotice':
      return { ...state, notices: state.notices.filter((_, i) => i !== action.index) };
  }
}

function pickView({ viewState }: ProjectDocument): Pick<StudioState, 'view' | 'scale' | 'backend'> {
  return { view: viewState.view, scale: viewState.scale, backend: viewState.backend };
}

/** The pipeline with its input node set to `channels x height x width` (1 or 3 for images, any for a matrix). */
export function withInputSize(pipeline: Pipeline, channels: number, height: number, width: number): Pipeline {
  return { ...pipeline, nodes: pipeline.nodes.map((n) => (n.kind === 'input' ? { ...n, params: { channels, height, width } } : n)) };
}
