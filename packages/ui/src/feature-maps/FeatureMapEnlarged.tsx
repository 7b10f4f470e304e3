import { useState, type ReactNode } from 'react';
import { ColorLegend } from './ColorLegend.js';
import type { ColormapName } from './colormaps.js';
import type { FeatureMaps } from './feature-maps-of.js';
import { FeatureMapCanvas } from './FeatureMapTile.js';
import { describeCell, type HoverCell } from './hover.js';
import type { ValueRange } from './scaling.js';

/** Props of {@link FeatureMapEnlarged}. */
export interface FeatureMapEnlargedProps {
  maps: FeatureMaps;
  channel: number;
  range: ValueRange;
  colormap: ColormapName;
  lut: Uint8ClampedArray;
  onClose: () => void;
  /** CSS width of the enlarged map. Default 384. */
  size?: number;
  /** A click on the map picks that cell (see {@link FeatureMapCanvasProps.onPick}). */
  onPick?: (cell: HoverCell) => void;
  /** Buttons beside Close (the studio's Copy CSV / Copy JSON). */
  actions?: ReactNode;
}

/**
 * One map drawn large in a dialog, with its own legend and hover readout. Escape or the close
 * button dismiss it.
 *
 * @example
 * <FeatureMapEnlarged maps={maps} channel={2} range={range} colormap="gray" lut={lut} onClose={() => setOpen(null)} />
 */
export function FeatureMapEnlarged({ maps, channel, range, colormap, lut, onClose, size = 384, onPick, actions }: FeatureMapEnlargedProps) {
  const [cell, setCell] = useState<HoverCell | null>(null);
  const title = maps.layout === 'strip' ? `${maps.width} features, sample ${maps.sample}` : `Channel ${channel}, sample ${maps.sample} (${maps.height}x${maps.width})`;
  return (
    <div className="cs-fm-enlarged" role="dialog" aria-label={title} data-testid="feature-map-enlarged" data-channel={channel} onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <div className="cs-fm-enlarged-head">
        <strong>{title}</strong>
        {actions}
        {/* Focus lands on the close button so Escape and Enter work straight away. */}
        <button type="button" className="cs-button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
      <FeatureMapCanvas maps={maps} channel={channel} range={range} lut={lut} displayWidth={size} onHover={setCell} onPick={onPick} className="cs-fm-canvas--large" />
      <div className="cs-fm-hover" data-testid="feature-map-enlarged-hover" aria-live="polite">
        {cell ? describeCell(cell, maps.layout) : onPick ? 'Point at the map to read a value; click a value to see how it is computed' : 'Point at the map to read a value'}
      </div>
      <ColorLegend colormap={colormap} min={range.min} max={range.max} label={`channel ${channel}`} />
    </div>
  );
}
