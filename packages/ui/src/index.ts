/**
 * @convstudio/ui: React components for convolutional networks, reusable outside the studio:
 * a pipeline node editor, feature-map grids, a 3D feature-map stack, a kernel editor, a cost
 * table and charts. Imports @convstudio/core, never @convstudio/gpu; styles in `./styles.css`.
 */

// Feature maps: grids, tiles, colormaps and scaling.
export { FeatureMapGrid } from './feature-maps/FeatureMapGrid.js';
export type { FeatureMapGridProps } from './feature-maps/FeatureMapGrid.js';
export { FeatureMapTile, FeatureMapCanvas } from './feature-maps/FeatureMapTile.js';
export type { FeatureMapTileProps, FeatureMapCanvasProps } from './feature-maps/FeatureMapTile.js';
export { FeatureMapEnlarged } from './feature-maps/FeatureMapEnlarged.js';
export type { FeatureMapEnlargedProps } from './feature-maps/FeatureMapEnlarged.js';
export { ColorLegend } from './feature-maps/ColorLegend.js';
export type { ColorLegendProps } from './feature-maps/ColorLegend.js';
export { colormapNames, colormapLut, colorAt, lutIndex, colormapGradient, contrastText, NON_FINITE_COLOR, LUT_SIZE } from './feature-maps/colormaps.js';
export type { ColormapName, Rgba } from './feature-maps/colormaps.js';
export { finiteRange, symmetricRange, channelRanges, unitPosition, isSigned } from './feature-maps/scaling.js';
export type { ValueRange, Scaling, RangeOptions } from './feature-maps/scaling.js';
export { mapToRgba } from './feature-maps/image-buffer.js';
export { drawMap } from './feature-maps/draw-map.js';
export { featureMapsOf, valueAt } from './feature-maps/feature-maps-of.js';
export type { FeatureMaps } from './feature-maps/feature-maps-of.js';
export { pixelAt, hoverCell, describeCell } from './feature-maps/hover.js';
export type { HoverCell } from './feature-maps/hover.js';
export { resolveColormap, mapRanges, visibleTileCount, DEFAULT_MAX_TILES } from './feature-maps/grid-model.js';
export type { ColormapChoice } from './feature-maps/grid-model.js';
export { formatValue } from './feature-maps/format-value.js';

// Kernel editor.
export { KernelEditor } from './kernel-editor/KernelEditor.js';
export type { KernelEditorProps } from './kernel-editor/KernelEditor.js';
export { KernelSlot } from './kernel-editor/KernelSlot.js';
export type { KernelSlotProps } from './kernel-editor/KernelSlot.js';
export { KernelCell } from './kernel-editor/KernelCell.js';
export type { KernelCellProps } from './kernel-editor/KernelCell.js';
export { applyPreset, normaliseBySum, presetFits, presetOrder, setWeight } from './kernel-editor/kernel-edits.js';
export type { KernelEdit } from './kernel-editor/kernel-edits.js';
export { parseCell, formatCell } from './kernel-editor/parse-cell.js';
export type { CellParse } from './kernel-editor/parse-cell.js';
export { kernelDims, slotOffset } from './kernel-editor/kernel-shape.js';
export type { KernelDims } from './kernel-editor/kernel-shape.js';

// Pipeline node editor (React Flow) and the plain graph code behind it.
export { PipelineEditor } from './pipeline-editor/PipelineEditor.js';
export type { PipelineEditorProps } from './pipeline-editor/PipelineEditor.js';
export { LayerNodeView } from './pipeline-editor/LayerNodeView.js';
export { layerNodeTypes } from './pipeline-editor/node-types.js';
export { LayerPalette, paletteKinds, droppedKind, LAYER_KIND_MIME } from './pipeline-editor/LayerPalette.js';
export type { LayerPaletteProps } from './pipeline-editor/LayerPalette.js';
export { ParameterPanel } from './pipeline-editor/ParameterPanel.js';
export type { ParameterPanelProps } from './pipeline-editor/ParameterPanel.js';
export { ParamField } from './pipeline-editor/ParamField.js';
export type { ParamFieldProps } from './pipeline-editor/ParamField.js';
export { EditorViewContext } from './pipeline-editor/editor-view-context.js';
export type { EditorView } from './pipeline-editor/editor-view-context.js';
export { usePipelineHistory } from './pipeline-editor/usePipelineHistory.js';
export type { PipelineHistoryApi } from './pipeline-editor/usePipelineHistory.js';
export { toFlow, fromFlow, positionsOf, withPositions, slottedEdges, edgeId, inputHandle, slotOfHandle, OUTPUT_HANDLE } from './pipeline-editor/graph-conversion.js';
export type { Positions, LayerNodeData, LayerFlowNode, LayerFlowEdge, Selection } from './pipeline-editor/graph-conversion.js';
export { addNode, connect, connectionProblem, removeElements, removeAndReconnect, compactPorts, freshId } from './pipeline-editor/pipeline-edits.js';
export { layerCatalog, layerGroups, layerTitle } from './pipeline-editor/layer-catalog.js';
export type { LayerEntry, LayerGroup } from './pipeline-editor/layer-catalog.js';
export { NodeInputs } from './pipeline-editor/NodeInputs.js';
export type { Added, AddOptions, Connection, Removed } from './pipeline-editor/pipeline-edits.js';
export { createHistory, record, undo, redo, canUndo, canRedo, DEFAULT_COALESCE_MS, DEFAULT_HISTORY_LIMIT } from './pipeline-editor/history.js';
export type { History, RecordOptions } from './pipeline-editor/history.js';
export { copyNodes, pasteNodes } from './pipeline-editor/clipboard.js';
export type { ClipboardContent, Pasted } from './pipeline-editor/clipboard.js';
export { layoutPipeline, ensurePositions, NODE_WIDTH, NODE_HEIGHT } from './pipeline-editor/layout.js';
export type { LayoutDirection, LayoutOptions } from './pipeline-editor/layout.js';
export { summarizePipeline } from './pipeline-editor/node-summary.js';
export type { NodeSummary, PipelineSummary } from './pipeline-editor/node-summary.js';
export { paramFields, defaultParams } from './pipeline-editor/param-fields.js';
export type { FieldDescriptor, FieldType } from './pipeline-editor/param-fields.js';
export { parseFieldText, formatFieldValue, setParam, issueMatchesField } from './pipeline-editor/param-validation.js';
export type { ParamResult } from './pipeline-editor/param-validation.js';
export { commandOfKey, isTextEntry } from './pipeline-editor/editor-keys.js';
export type { EditorCommand, KeyPress } from './pipeline-editor/editor-keys.js';
export { formatShapeText } from './pipeline-editor/format.js';

// The 3D feature-map stack (three.js).
export { FeatureStack3D } from './stack-3d/FeatureStack3D.js';
export type { FeatureStack3DProps, StackLayer } from './stack-3d/FeatureStack3D.js';
export type { SelectedPixel, LayerHighlight, MapRect } from './stack-3d/receptive-rects.js';
export { receptiveHighlights, selectionHighlight, fitsStack } from './stack-3d/receptive-rects.js';
export { layoutStacks, stackCaption, unitAt, pixelAt as stackPixelAt } from './stack-3d/layout.js';
export type { StackLayout, NodeStackLayout, StackLayoutOptions, LayerShape } from './stack-3d/layout.js';
export { fillAtlas, grayscaleLut, lookupTableFrom } from './stack-3d/texels.js';
export type { LookupTable, MapSource } from './stack-3d/texels.js';

// Cost table and charts.
export { CostTableView, PipelineCostTable } from './charts/CostTableView.js';
export type { CostTableViewProps, PipelineCostTableProps } from './charts/CostTableView.js';
export { LineChart } from './charts/LineChart.js';
export { ParetoChart } from './charts/ParetoChart.js';
export type { ParetoChartProps, ParetoPoint } from './charts/ParetoChart.js';
export type { LineChartProps, LineSeries } from './charts/LineChart.js';
export { formatThousands, formatSi, formatBytes, formatCount } from './charts/format-number.js';
export type { NumberFormat } from './charts/format-number.js';
export { valueExtent, niceTicks, valueAxis, stepAxis, chartRows, isolatedPoint } from './charts/chart-axes.js';
export type { AxisSpec, ChartRow } from './charts/chart-axes.js';
export { SaturationReport } from './charts/SaturationReport.js';
export type { SaturationReportProps } from './charts/SaturationReport.js';
export { DeadUnitsChart, SpectrumChart } from './charts/SaturationPlots.js';
export { saturationRows, deadVerdict, spectrumVerdict, plateauVerdict, overallVerdict } from './charts/saturation-rows.js';
export type { SaturationRow, Verdict, VerdictLevel, LayerRef } from './charts/saturation-rows.js';
export type { StackScreenReport } from './stack-3d/stack-screen.js';
