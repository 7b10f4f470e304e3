/**
 * @convstudio/ui/model: the framework-free half of ui (no React, React Flow, three.js or
 * recharts): pipeline edits, history, layout and parameter fields; colormaps, scaling and
 * pixel buffers of feature maps; kernel-cell parsing; 3D stack geometry and camera framing;
 * number formats. Tools that draw their own views (a CLI renderer, a worker, another framework)
 * use these without loading React; the components in `@convstudio/ui` are built on them.
 */
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
export { applyPreset, normaliseBySum, presetFits, presetOrder, setWeight } from './kernel-editor/kernel-edits.js';
export type { KernelEdit } from './kernel-editor/kernel-edits.js';
export { parseCell, formatCell } from './kernel-editor/parse-cell.js';
export type { CellParse } from './kernel-editor/parse-cell.js';
export { kernelDims, slotOffset } from './kernel-editor/kernel-shape.js';
export type { KernelDims } from './kernel-editor/kernel-shape.js';
export { addNode, connect, connectionProblem, removeElements, removeAndReconnect, compactPorts, freshId } from './pipeline-editor/pipeline-edits.js';
export { layerCatalog, layerGroups, layerTitle } from './pipeline-editor/layer-catalog.js';
export type { LayerEntry, LayerGroup } from './pipeline-editor/layer-catalog.js';
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
export type { SelectedPixel, LayerHighlight, MapRect } from './stack-3d/receptive-rects.js';
export { receptiveHighlights, selectionHighlight, fitsStack } from './stack-3d/receptive-rects.js';
export { layoutStacks, stackCaption, unitAt, pixelAt as stackPixelAt } from './stack-3d/layout.js';
export type { StackLayout, NodeStackLayout, StackLayoutOptions, LayerShape } from './stack-3d/layout.js';
export { fillAtlas, grayscaleLut, lookupTableFrom } from './stack-3d/texels.js';
export type { LookupTable, MapSource } from './stack-3d/texels.js';
export { formatThousands, formatSi, formatBytes, formatCount } from './charts/format-number.js';
export type { NumberFormat } from './charts/format-number.js';
export { valueExtent, niceTicks, valueAxis, stepAxis, chartRows, isolatedPoint } from './charts/chart-axes.js';
export type { AxisSpec, ChartRow } from './charts/chart-axes.js';
export { saturationRows, deadVerdict, spectrumVerdict, plateauVerdict, overallVerdict } from './charts/saturation-rows.js';
export type { SaturationRow, Verdict, VerdictLevel, LayerRef } from './charts/saturation-rows.js';
export type { StackScreenReport } from './stack-3d/stack-screen.js';
