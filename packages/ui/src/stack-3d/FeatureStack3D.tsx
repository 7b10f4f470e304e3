import { receptiveFields, type Pipeline, type Tensor } from '@convstudio/core';
import { Canvas } from '@react-three/fiber';
import { useCallback, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { layoutStacks, unitAt, type LayerShape, type NodeStackLayout, type StackLayoutOptions } from './layout.js';
import { NodeStack } from './NodeStack.js';
import { fitsStack, receptiveHighlights, selectionHighlight, type LayerHighlight, type SelectedPixel } from './receptive-rects.js';
import { StackControls } from './StackControls.js';
import { StackLabel } from './StackLabel.js';
import { StackOverlays } from './StackOverlays.js';
import type { Scaling } from '../feature-maps/scaling.js';
import { grayscaleLut, type LookupTable } from './texels.js';

/** One node's output to draw: [N,C,H,W] as C planes, [N,F] as one strip. */
export interface StackLayer {
  id: string;
  label: string;
  tensor: Tensor;
}

/** Props of {@link FeatureStack3D}. */
export interface FeatureStack3DProps {
  /** Nodes in the order they stack along the depth axis (execution order reads best). */
  layers: readonly StackLayer[];
  /** Batch index shown (default 0). */
  sample?: number;
  /** The pipeline the layers come from, for receptive fields; without it only the selected pixel is marked. */
  pipeline?: Pipeline;
  /** A click on a plane: its node and channel (0 for a strip). */
  onOpenMap?: (nodeId: string, channel: number) => void;
  /** Controlled selection; leave undefined to let the component keep its own. null clears. */
  selectedPixel?: SelectedPixel | null;
  /** A click on a plane selects that unit. */
  onSelectPixel?: (pixel: SelectedPixel) => void;
  /** 256 RGBA entries (1024 bytes); grayscale by default. Keep it stable: a new table refills every texture. */
  lookupTable?: LookupTable;
  /** Min-max scaling per map (default) or over the whole layer, as in the feature-map grid. */
  scaling?: Scaling;
  layout?: StackLayoutOptions;
  className?: string;
  style?: CSSProperties;
  /** Extra scene content (rendered inside the canvas), e.g. a benchmark driver. */
  children?: ReactNode;
}

const DEFAULT_LUT = grayscaleLut();
// World units between the two caption rows.
const LABEL_STAGGER = 0.45;
const shapesOf = (key: string) => JSON.parse(key) as LayerShape[];
// No MSAA: on a software rasteriser it multiplies the cost of every fragment, and nearest-sampled
// maps have no edges inside a plane to smooth. An opaque canvas spares the compositor a blend.
const GL_OPTIONS = { antialias: false, alpha: false } as const;
const NO_HIGHLIGHTS: ReadonlyMap<string, LayerHighlight> = new Map();

/**
 * The whole pipeline in 3D: one stack of textured planes per node along the depth axis, each
 * labelled with its shape; orbit, zoom and pan; click a plane to open it and select a unit,
 * whose receptive field is tinted on every upstream node. Renders on demand only.
 *
 * @example
 * <FeatureStack3D layers={[{ id: 'conv1', label: 'conv1', tensor: out.get('conv1')! }]} pipeline={p}
 *   onOpenMap={(id, c) => open(id, c)} style={{ height: 480 }} />
 */
export function FeatureStack3D(props: FeatureStack3DProps) {
  const { layers, sample = 0, pipeline, onOpenMap, onSelectPixel, lookupTable = DEFAULT_LUT, scaling = 'per-map' } = props;
  const [ownSelection, setOwnSelection] = useState<SelectedPixel | null>(null);
  const selection = props.selectedPixel === undefined ? ownSelection : props.selectedPixel;

  // The layout depends on shapes only, so new values of the same shape keep every texture.
  const shapeKey = JSON.stringify(layers.map((l) => ({ id: l.id, label: l.label, shape: l.tensor.shape })));
  const optionsKey = JSON.stringify(props.layout ?? {});
  const layout = useMemo(
    () => layoutStacks(shapesOf(shapeKey), JSON.parse(optionsKey) as StackLayoutOptions),
    [shapeKey, optionsKey],
  );
  const report = useMemo(() => {
    if (!pipeline) return null;
    const result = receptiveFields(pipeline);
    return result.ok ? result.report : null;
  }, [pipeline]);
  const highlights = useMemo(() => {
    const own = selection && layout.stacks.find((s) => s.id === selection.nodeId);
    // A selection left over from before an edit may name a node or unit that is gone: show nothing.
    if (!selection || !own || !fitsStack(own, selection)) return NO_HIGHLIGHTS;
    if (report && pipeline) return receptiveHighlights(report, pipeline, layout.stacks, selection);
    return new Map([[own.id, selectionHighlight(own, selection)]]);
  }, [selection, report, pipeline, layout]);

  const onPick = useCallback(
    (stack: NodeStackLayout, plane: number, uv: { x: number; y: number }) => {
      const unit = unitAt(stack, plane, uv);
      if (!unit) return;
      setOwnSelection(unit);
      onSelectPixel?.(unit);
      onOpenMap?.(stack.id, stack.kind === 'maps' ? unit.channel : 0);
    },
    [onSelectPixel, onOpenMap],
  );

  const tensors = new Map(layers.map((l) => [l.id, l.tensor]));
  return (
    <Canvas frameloop="demand" className={props.className} style={props.style} camera={{ fov: 45 }} dpr={[1, 2]} gl={GL_OPTIONS}>
      <color attach="background" args={['#101216']} />
      <StackControls center={layout.center} radius={layout.radius} />
      {layout.stacks.map((stack, index) => (
        <group key={stack.id}>
          <NodeStack
            stack={stack}
            tensor={tensors.get(stack.id) as Tensor}
            sample={sample}
            lookupTable={lookupTable}
            scaling={scaling}
            onPick={onPick}
          />
          <StackOverlays
            stack={stack}
            highlight={highlights.get(stack.id)}
            selectedChannel={highlights.get(stack.id)?.role === 'selected' && stack.kind === 'maps' ? (selection?.channel ?? -1) : -1}
          />
          {/* Every other caption sits higher: neighbouring stacks are close in depth, and seen at an angle their captions would overlap. */}
          <StackLabel text={stack.caption} position={[0, stack.height / 2 + 0.3 + (index % 2) * LABEL_STAGGER, -(stack.depthStart + stack.depthEnd) / 2]} />
        </group>
      ))}
      {props.children}
    </Canvas>
  );
}
