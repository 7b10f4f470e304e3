import type { Tensor } from '@convstudio/core';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { ColorLegend } from './ColorLegend.js';
import { colormapLut, colormapNames } from './colormaps.js';
import { FeatureMapEnlarged } from './FeatureMapEnlarged.js';
import { featureMapsOf } from './feature-maps-of.js';
import { FeatureMapTile } from './FeatureMapTile.js';
import { type ColormapChoice, DEFAULT_MAX_TILES, mapRanges, resolveColormap, visibleTileCount } from './grid-model.js';
import { describeCell, type HoverCell } from './hover.js';
import type { Scaling } from './scaling.js';

/** Props of {@link FeatureMapGrid}. */
export interface FeatureMapGridProps {
  /** A node's output: `[N, C, H, W]` (one tile per channel) or `[N, F]` (one 1 x F strip). */
  tensor: Tensor;
  /** Which sample of the batch to show. Default 0. */
  sample?: number;
  /** Initial colormap; the toolbar changes it. Default `auto` (diverging for signed data, else gray). */
  defaultColormap?: ColormapChoice;
  /** Initial scaling; the toolbar changes it. Default `per-map`. */
  defaultScaling?: Scaling;
  /** Tiles drawn before a "show all" button appears. Default 256. */
  maxTiles?: number;
  /** Tile width in CSS pixels. Default 64. */
  tileSize?: number;
  /** Names the grid for assistive technology, e.g. the node id. */
  label?: string;
  /** Tiles and hover readout only: no toolbar or legend (figures laid out by the caller). Default false. */
  compact?: boolean;
  /** Makes the enlarged map clickable: the cell clicked (channel, x = column, y = row). */
  onPickCell?: (cell: HoverCell) => void;
  /** Buttons for the enlarged map of one channel (e.g. copy its values). */
  enlargedActions?: (channel: number) => ReactNode;
}

/**
 * Every channel of one sample of a layer's output as a tile, with colormap and scaling controls,
 * a hover readout (channel, coordinates, value), a legend and click-to-enlarge.
 *
 * @example
 * <FeatureMapGrid tensor={activations.get('conv1')} label="conv1" defaultColormap="viridis" />
 */
export function FeatureMapGrid({ tensor, sample = 0, defaultColormap = 'auto', defaultScaling = 'per-map', maxTiles = DEFAULT_MAX_TILES, tileSize = 64, label, compact = false, onPickCell, enlargedActions }: FeatureMapGridProps) {
  const [choice, setChoice] = useState<ColormapChoice>(defaultColormap);
  const [scaling, setScaling] = useState<Scaling>(defaultScaling);
  const [showAll, setShowAll] = useState(false);
  const [hover, setHover] = useState<HoverCell | null>(null);
  const [enlarged, setEnlarged] = useState<number | null>(null);

  const view = useMemo(() => {
    try {
      return { ok: true as const, maps: featureMapsOf(tensor, sample) };
    } catch (error) {
      // Bad input is shown, not thrown: one wrong node must not take down the whole studio view.
      return { ok: false as const, message: error instanceof Error ? error.message : String(error) };
    }
  }, [tensor, sample]);
  const maps = view.ok ? view.maps : null;
  // Scanned once per tensor (the toolbar names it too): every re-render of the studio used to
  // scan every grid's data again, a ReLU's to the end.
  const auto = useMemo(() => (maps ? resolveColormap('auto', maps.data) : 'gray'), [maps]);
  const colormap = choice === 'auto' ? auto : choice;
  const ranges = useMemo(() => (maps ? mapRanges(maps, colormap, scaling) : []), [maps, colormap, scaling]);
  const lut = colormapLut(colormap);
  const onHover = useCallback((cell: HoverCell | null) => setHover(cell), []);

  if (!maps) {
    return (
      <div className="cs-fm-grid cs-error" role="alert">
        {view.ok ? '' : view.message}
      </div>
    );
  }
  const shown = visibleTileCount(maps.channels, maxTiles, showAll);
  const channels = Array.from({ length: shown }, (_, c) => c);
  const layerRange = ranges[0];
  const legendChannel = hover && hover.channel < maps.channels ? hover.channel : 0;

  return (
    <section className="cs-fm-grid" aria-label={label ? `Feature maps of ${label}` : 'Feature maps'} data-colormap={colormap} data-scaling={scaling}>
      {!compact && <div className="cs-toolbar">
        <label>
          Colormap{' '}
          <select className="cs-select" value={choice} onChange={(e) => setChoice(e.target.value as ColormapChoice)}>
            <option value="auto">auto ({auto})</option>
            {colormapNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Scaling{' '}
          <select className="cs-select" value={scaling} onChange={(e) => setScaling(e.target.value as Scaling)}>
            <option value="per-map">per map</option>
            <option value="per-layer">per layer</option>
          </select>
        </label>
        <span className="cs-muted">
          sample {maps.sample} of {maps.samples}, {maps.channels} {maps.channels === 1 ? 'map' : 'maps'} of {maps.height}x{maps.width}
        </span>
      </div>}
      {compact ? null : scaling === 'per-layer' || maps.channels === 1 ? (
        <ColorLegend colormap={colormap} min={layerRange.min} max={layerRange.max} label={scaling === 'per-layer' ? 'per layer' : undefined} />
      ) : (
        // Per map, every tile has its own range: the legend follows the map under the pointer.
        <ColorLegend colormap={colormap} min={ranges[legendChannel].min} max={ranges[legendChannel].max} label={`channel ${legendChannel} (each map has its own range)`} />
      )}
      <div className="cs-fm-tiles" style={{ gridTemplateColumns: maps.layout === 'strip' ? '1fr' : `repeat(auto-fill, minmax(${tileSize}px, max-content))` }}>
        {channels.map((c) => (
          <FeatureMapTile key={c} maps={maps} channel={c} range={ranges[c]} lut={lut} displayWidth={maps.layout === 'strip' ? Math.max(tileSize * 4, Math.min(maps.width * 4, 640)) : tileSize} onHover={onHover} onOpen={setEnlarged} />
        ))}
      </div>
      <div className="cs-fm-hover" data-testid="feature-map-hover" aria-live="polite">
        {/* A compact grid (one of many in a figure) keeps the hint out of the way: the readout shows only while pointing. */}
        {hover ? describeCell(hover, maps.layout) : compact ? '\u00a0' : onPickCell ? 'Point at a map to read a value; click to enlarge, then click a value to see how it is computed' : 'Point at a map to read a value; click to enlarge'}
      </div>
      {maps.channels > shown && (
        <p className="cs-note" data-testid="feature-map-capped">
          Showing the first {shown} of {maps.channels} channels.{' '}
          <button type="button" className="cs-button" onClick={() => setShowAll(true)}>
            Show all {maps.channels}
          </button>
        </p>
      )}
      {showAll && maps.channels > maxTiles && (
        <button type="button" className="cs-button" onClick={() => setShowAll(false)}>
          Show the first {maxTiles} only
        </button>
      )}
      {enlarged !== null && enlarged < maps.channels && (
        <FeatureMapEnlarged maps={maps} channel={enlarged} range={ranges[enlarged]} colormap={colormap} lut={lut} onClose={() => setEnlarged(null)} onPick={onPickCell && ((cell) => { onPickCell(cell); setEnlarged(null); })} actions={enlargedActions?.(enlarged)} />
      )}
    </section>
  );
}
