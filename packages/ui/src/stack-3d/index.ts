// Public API of the 3D feature-map stack: the component, its selection type, and the pure
// layout, atlas, texel and geometry helpers it is built from (tested in Node).
export { FeatureStack3D } from './FeatureStack3D.js';
export type { FeatureStack3DProps, StackLayer } from './FeatureStack3D.js';
export type { SelectedPixel, LayerHighlight, MapRect } from './receptive-rects.js';
export { receptiveHighlights, selectionHighlight, fitsStack } from './receptive-rects.js';
export { layoutStacks, stackCaption, planeMatrices, unitAt, pixelAt } from './layout.js';
export type { StackLayout, NodeStackLayout, StackLayoutOptions, LayerShape } from './layout.js';
export { packAtlas, cellOrigins } from './atlas.js';
export type { AtlasLayout } from './atlas.js';
export { stackGeometry, RING_TRIANGLES, RING_VERTICES } from './stack-geometry.js';
export type { StackGeometryData } from './stack-geometry.js';
export { ringPlane } from './plane-geometry.js';
export type { PlaneGeometryData } from './plane-geometry.js';
export { highlightBox, frameSegments, framedPlanes } from './overlays.js';
export type { Box } from './overlays.js';
export { fillAtlas, grayscaleLut, lookupTableFrom, finiteRange } from './texels.js';
export type { LookupTable, Scaling, MapSource } from './texels.js';
