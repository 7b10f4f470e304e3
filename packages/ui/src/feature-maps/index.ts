// Public API of the feature-map area: components first, then the pure helpers they are built from.
export { FeatureMapGrid } from './FeatureMapGrid.js';
export type { FeatureMapGridProps } from './FeatureMapGrid.js';
export { FeatureMapTile, FeatureMapCanvas } from './FeatureMapTile.js';
export type { FeatureMapTileProps, FeatureMapCanvasProps } from './FeatureMapTile.js';
export { FeatureMapEnlarged } from './FeatureMapEnlarged.js';
export type { FeatureMapEnlargedProps } from './FeatureMapEnlarged.js';
export { ColorLegend } from './ColorLegend.js';
export type { ColorLegendProps } from './ColorLegend.js';

export { colormapNames, colormapLut, colorAt, lutIndex, colormapGradient, contrastText, NON_FINITE_COLOR, LUT_SIZE } from './colormaps.js';
export type { ColormapName, Rgba } from './colormaps.js';
export { finiteRange, symmetricRange, channelRanges, unitPosition, isSigned } from './scaling.js';
export type { ValueRange, Scaling, RangeOptions } from './scaling.js';
export { mapToRgba } from './image-buffer.js';
export { drawMap } from './draw-map.js';
export { featureMapsOf, valueAt } from './feature-maps-of.js';
export type { FeatureMaps } from './feature-maps-of.js';
export { pixelAt, hoverCell, describeCell } from './hover.js';
export type { HoverCell } from './hover.js';
export { resolveColormap, mapRanges, visibleTileCount, DEFAULT_MAX_TILES } from './grid-model.js';
export type { ColormapChoice } from './grid-model.js';
export { formatValue } from './format-value.js';
