import { receptiveFields, type Pipeline, type Tensor } from '@convstudio/core';
import { Canvas } from '@react-three/fiber';
import { Maximize2 } from 'lucide-react';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { layoutStacks, unitAt, type LayerShape, type NodeStackLayout, type StackLayoutOptions } from './layout.js';
import { NodeStack } from './NodeStack.js';
import { fitsStack, receptiveHighlights, selectionHighlight, type LayerHighlight, type SelectedPixel } from './receptive-rects.js';
import { StackControls } from './StackControls.js';
import { StackLabels } from './StackLabels.js';
import { StackOverlays } from './StackOverlays.js';
import { StackProjector } from './StackProjector.js';
import { createStackScreen, setFieldCorners } from './stack-screen.js';
import { FIELD_OF_VIEW } from './view-angles.js';
import { layerCatalog } from '../pipeline-editor/layer-catalog.js';
import type { Scaling } from '../feature-maps/scaling.js';
import { grayscaleLut, type LookupTable } from './texels.js';

/** One node's output to draw: [N,C,H,W] as C planes, [N,F] as one strip. */
export interface StackLayer {
  id: string;
  label: string;
  tensor: Tensor;
  /** The node's kind ('conv2d', 'input', ...): its label takes the kind's category hue, as in the palette. */
  kind?: string;
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
  /** Class of the outer element (a column: a toolbar over the canvas). */
  className?: string;
  style?: CSSProperties;
  /** Extra scene content (rendered inside the canvas), e.g. a benchmark driver. */
  children?: ReactNode;
}

const DEFAULT_LUT = grayscaleLut();
const shapesOf = (key: string) => JSON.parse(key) as LayerShape[];
// No MSAA: on a software rasteriser it multiplies the cost of every fragment, and nearest-sampled
// maps have no edges inside a plane to smooth. An opaque canvas spares the compositor a blend.
const GL_OPTIONS = { antialias: false, alpha: false } as const;
const CAMERA = { fov: FIELD_OF_VIEW } as const;
const NO_HIGHLIGHTS: ReadonlyMap<string, LayerHighlight> = new Map();
// Room at the canvas's edges: the top holds the labels (two lines) of the highest stacks, the bottom the status line.
const FIT_MARGINS = { top: 40, right: 12, bottom: 24, left: 12 } as const;
const ROOT: CSSProperties = { display: 'flex', flexDirection: 'column', minHeight: 0 };
// One line whatever its text: a toolbar that wrapped would resize the canvas and refit the camera.
const TOOLBAR: CSSProperties = { flex: 'none', flexWrap: 'nowrap', margin: 0, padding: '0 0 6px', minHeight: 28, overflow: 'hidden' };
const NOTE: CSSProperties = { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 };
const BUTTON: CSSProperties = { flex: 'none', whiteSpace: 'nowrap', display: 'inline-flex', alignItems: 'center', gap: 5 };
// The scene's own caption, in its bottom-left corner: light on the always-dark scene.
const STATUS: CSSProperties = { position: 'absolute', left: 8, bottom: 6, right: 8, pointerEvents: 'none', font: '11px/1.3 var(--cs-font, system-ui, sans-serif)', color: '#a9b0bb' };
// Grows into the height it is given; 320 px where the parent gives none.
const STAGE: CSSProperties = { position: 'relative', flex: '1 1 320px', minHeight: 200, overflow: 'hidden' };
const FILL: CSSProperties = { position: 'absolute', inset: 0 };

const groupOf = (kind?: string) => (kind === 'input' ? 'Input' : kind ? layerCatalog[kind as keyof typeof layerCatalog]?.group : undefined);

/**
 * The whole pipeline in 3D: one stack of textured planes per node along the depth axis, each
 * labelled with its shape. The camera opens framing every stack (and "Reset view" frames them
 * again); orbit, zoom and pan stop short of edge-on views. Wide layers show at most 16 channel
 * planes, said in their label; labels that would overlap hide. Click a plane to open it and
 * select a unit: its receptive field is outlined on every upstream node and the rest dimmed.
 * Renders on demand only. The outer element's `data-stack-boxes` holds each stack's box on
 * screen (JSON, see screenReport) for tests.
 *
 * @example
 * <FeatureStack3D layers={[{ id: 'conv1', label: 'conv1', tensor: out.get('conv1')! }]} pipeline={p}
 *   onOpenMap={(id, c) => open(id, c)} style={{ height: 480 }} />
 */
export function FeatureStack3D(props: FeatureStack3DProps) {
  const { layers, sample = 0, pipeline, onOpenMap, onSelectPixel, lookupTable = DEFAULT_LUT, scaling = 'per-map' } = props;
  const [ownSelection, setOwnSelection] = useState<SelectedPixel | null>(null);
  const [resetToken, setResetToken] = useState(0);
  const selection = props.selectedPixel === undefined ? ownSelection : props.selectedPixel;
  const root = useRef<HTMLDivElement>(null);
  const status = useRef<HTMLSpanElement>(null);
  const hovered = useRef(-1);

  // The layout depends on shapes only, so new values of the same shape keep every texture.
  const shapeKey = JSON.stringify(layers.map((l) => ({ id: l.id, label: l.label, shape: l.tensor.shape })));
  const optionsKey = JSON.stringify(props.layout ?? {});
  const layout = useMemo(
    () => layoutStacks(shapesOf(shapeKey), JSON.parse(optionsKey) as StackLayoutOptions),
    [shapeKey, optionsKey],
  );
  const screen = useMemo(() => createStackScreen(layout.stacks), [layout]);
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
  useLayoutEffect(() => setFieldCorners(screen, layout.stacks, highlights), [screen, layout, highlights]);

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
  const onHover = useCallback((stack: NodeStackLayout | null) => {
    hovered.current = stack ? layout.stacks.indexOf(stack) : -1;
  }, [layout]);

  const tensors = new Map(layers.map((l) => [l.id, l.tensor]));
  const groups = useMemo(() => layout.stacks.map((s) => groupOf(layers.find((l) => l.id === s.id)?.kind)), [layout, layers]);
  const step = Math.max(1, ...layout.stacks.map((s) => s.channelStep));
  const planes = Math.max(0, ...layout.stacks.map((s) => s.atlas.count));
  const dimmed = highlights.size > 0;
  return (
    <div ref={root} className={props.className} style={{ ...ROOT, ...props.style }} data-testid="feature-stack-3d">
      <div className="cs-toolbar" style={TOOLBAR}>
        <button type="button" className="cs-button" style={BUTTON} onClick={() => setResetToken((t) => t + 1)} title="Frame the whole net again">
          <Maximize2 size={14} aria-hidden="true" /> Reset view
        </button>
        {step > 1 && (
          <span className="cs-muted" style={NOTE} title={`Layers with more than ${planes} channels show ${planes} of them, evenly spaced; each label says how many.`}>
            Wide layers show {planes} of their channels, evenly spaced.
          </span>
        )}
      </div>
      <div style={STAGE}>
        <Canvas frameloop="demand" style={FILL} camera={CAMERA} dpr={[1, 2]} gl={GL_OPTIONS}>
          <color attach="background" args={['#101216']} />
          <StackControls corners={screen.corners} resetToken={resetToken} margins={FIT_MARGINS} />
          <StackProjector screen={screen} host={root} status={status} hovered={hovered} />
          {layout.stacks.map((stack) => {
            const highlight = highlights.get(stack.id);
            const channel = highlight?.role === 'selected' && stack.kind === 'maps' ? (selection?.channel ?? -1) : -1;
            // Only a drawn channel can be selected by a click; one chosen elsewhere may fall between planes.
            const selectedPlane = channel >= 0 && channel % stack.channelStep === 0 ? channel / stack.channelStep : -1;
            return (
              <group key={stack.id}>
                <NodeStack
                  stack={stack}
                  tensor={tensors.get(stack.id) as Tensor}
                  sample={sample}
                  lookupTable={lookupTable}
                  scaling={scaling}
                  field={highlight?.rect ?? null}
                  dimmed={dimmed}
                  onPick={onPick}
                  onHover={onHover}
                />
                <StackOverlays stack={stack} highlight={highlight} selectedPlane={selectedPlane} />
              </group>
            );
          })}
          {props.children}
        </Canvas>
        <StackLabels stacks={layout.stacks} groups={groups} screen={screen} />
        <span style={STATUS} ref={status} data-testid="stack-label-status" />
      </div>
    </div>
  );
}
