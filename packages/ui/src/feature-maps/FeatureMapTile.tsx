import { memo, useLayoutEffect, useRef, type MouseEvent } from 'react';
import { drawMap } from './draw-map.js';
import type { FeatureMaps } from './feature-maps-of.js';
import { hoverCell, type HoverCell } from './hover.js';
import type { ValueRange } from './scaling.js';

/** Props of {@link FeatureMapCanvas}. */
export interface FeatureMapCanvasProps {
  maps: FeatureMaps;
  channel: number;
  range: ValueRange;
  lut: Uint8ClampedArray;
  /** CSS width in pixels; the height follows the map's aspect ratio (strips get a fixed band). */
  displayWidth: number;
  onHover?: (cell: HoverCell | null) => void;
  /** A click on the map picks the cell under the pointer (the studio opens that unit's arithmetic). */
  onPick?: (cell: HoverCell) => void;
  className?: string;
}

/**
 * One feature map drawn on a canvas, reporting the cell under the pointer. Carries
 * `data-drawn="false"` when no 2D context exists (e.g. under happy-dom).
 *
 * @example
 * <FeatureMapCanvas maps={maps} channel={0} range={{ min: 0, max: 1 }} lut={colormapLut('gray')} displayWidth={64} />
 */
export const FeatureMapCanvas = memo(function FeatureMapCanvas({ maps, channel, range, lut, displayWidth, onHover, onPick, className }: FeatureMapCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  // Drawn in the commit, before the browser paints: a passive effect ran a task later and left
  // one frame with the new layout but the old pixels, a frame more between an edit and its maps.
  useLayoutEffect(() => {
    const canvas = ref.current;
    if (canvas) canvas.dataset.drawn = String(drawMap(canvas, maps, channel, range, lut));
  }, [maps, channel, range, lut]);

  const displayHeight = maps.layout === 'strip' ? Math.max(12, Math.round(displayWidth / 16)) : Math.round((displayWidth * maps.height) / maps.width);
  const cellAt = (event: MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return hoverCell(maps, channel, { offsetX: event.clientX - rect.left, offsetY: event.clientY - rect.top, displayWidth: rect.width, displayHeight: rect.height });
  };
  const move = (event: MouseEvent<HTMLCanvasElement>) => onHover?.(cellAt(event));
  const click = (event: MouseEvent<HTMLCanvasElement>) => {
    const cell = cellAt(event);
    if (cell) onPick?.(cell);
  };
  return (
    <canvas
      ref={ref}
      className={`cs-fm-canvas${className ? ` ${className}` : ''}`}
      width={maps.width}
      height={maps.height}
      style={{ width: displayWidth, height: displayHeight }}
      onMouseMove={onHover ? move : undefined}
      onMouseLeave={onHover ? () => onHover(null) : undefined}
      onClick={onPick ? click : undefined}
      data-pickable={onPick ? 'true' : undefined}
    />
  );
});

/** Props of {@link FeatureMapTile}. */
export interface FeatureMapTileProps extends Omit<FeatureMapCanvasProps, 'className'> {
  onOpen: (channel: number) => void;
}

/**
 * A grid tile: the map as a button (click or Enter enlarges it) with its channel number.
 * Queryable in tests as `data-testid="feature-map-tile"` with `data-channel`.
 *
 * @example
 * <FeatureMapTile maps={maps} channel={3} range={range} lut={lut} displayWidth={64} onOpen={setEnlarged} />
 */
export const FeatureMapTile = memo(function FeatureMapTile({ onOpen, ...canvas }: FeatureMapTileProps) {
  const { channel, maps } = canvas;
  const name = maps.layout === 'strip' ? `features 0-${maps.width - 1}` : `channel ${channel}`;
  return (
    <button
      type="button"
      className={`cs-fm-tile${maps.layout === 'strip' ? ' cs-fm-tile--strip' : ''}`}
      data-testid="feature-map-tile"
      data-channel={channel}
      aria-label={`${name}, click to enlarge`}
      onClick={() => onOpen(channel)}
    >
      <FeatureMapCanvas {...canvas} />
      <span className="cs-fm-caption">{maps.layout === 'strip' ? `${maps.width} features` : channel}</span>
    </button>
  );
});
