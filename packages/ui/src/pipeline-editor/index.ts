// Public API of the pipeline node editor. The app imports '@xyflow/react/dist/style.css' once.

// Components
export { PipelineEditor } from './PipelineEditor.js';
export type { PipelineEditorProps } from './PipelineEditor.js';
export { LayerNodeView } from './LayerNodeView.js';
export { layerNodeTypes } from './node-types.js';
export { LayerPalette, paletteKinds, droppedKind, LAYER_KIND_MIME } from './LayerPalette.js';
export type { LayerPaletteProps } from './LayerPalette.js';
export { ParameterPanel } from './ParameterPanel.js';
export type { ParameterPanelProps } from './ParameterPanel.js';
export { ParamField } from './ParamField.js';
export type { ParamFieldProps } from './ParamField.js';
export { EditorViewContext } from './editor-view-context.js';
export type { EditorView } from './editor-view-context.js';
export { usePipelineHistory } from './usePipelineHistory.js';
export type { PipelineHistoryApi } from './usePipelineHistory.js';

// Plain logic, no React
export { toFlow, fromFlow, positionsOf, withPositions, slottedEdges, edgeId, inputHandle, slotOfHandle, OUTPUT_HANDLE } from './graph-conversion.js';
export type { Positions, LayerNodeData, LayerFlowNode, LayerFlowEdge, Selection } from './graph-conversion.js';
export { addNode, connect, connectionProblem, removeElements, compactPorts, freshId } from './pipeline-edits.js';
export type { Added, AddOptions, Connection } from './pipeline-edits.js';
export { createHistory, record, undo, redo, canUndo, canRedo, DEFAULT_COALESCE_MS, DEFAULT_HISTORY_LIMIT } from './history.js';
export type { History, RecordOptions } from './history.js';
export { copyNodes, pasteNodes } from './clipboard.js';
export type { ClipboardContent, Pasted } from './clipboard.js';
export { layoutPipeline, ensurePositions, NODE_WIDTH, NODE_HEIGHT } from './layout.js';
export type { LayoutDirection, LayoutOptions } from './layout.js';
export { summarizePipeline } from './node-summary.js';
export type { NodeSummary, PipelineSummary } from './node-summary.js';
export { paramFields, defaultParams } from './param-fields.js';
export type { FieldDescriptor, FieldType } from './param-fields.js';
export { parseFieldText, formatFieldValue, setParam, issueMatchesField } from './param-validation.js';
export type { ParamResult } from './param-validation.js';
export { commandOfKey, isTextEntry } from './editor-keys.js';
export type { EditorCommand, KeyPress } from './editor-keys.js';
export { formatCount, formatShapeText } from './format.js';
