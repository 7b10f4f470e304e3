import { colormapGradient, type ColormapName } from './colormaps.js';
import { formatValue } from './format-value.js';

/** Props of {@link ColorLegend}. */
export interface ColorLegendProps {
  colormap: ColormapName;
  min: number;
  max: number;
  /** Shown before the bar, e.g. "per layer" or "channel 3". */
  label?: string;
  /** Bar width in CSS pixels. Default 160. */
  width?: number;
}

/**
 * A colormap bar with the values at its ends (and 0 in the middle for a symmetric range).
 *
 * @example
 * <ColorLegend colormap="diverging" min={-0.8} max={0.8} label="per layer" />
 */
export function ColorLegend({ colormap, min, max, label, width = 160 }: ColorLegendProps) {
  const constant = min === max;
  return (
    <div className="cs-legend" data-testid="color-legend" data-colormap={colormap}>
      {label && <span className="cs-legend-label">{label}</span>}
      <span className="cs-legend-value" data-testid="color-legend-min">
        {formatValue(min)}
      </span>
      <span className="cs-legend-bar" role="img" aria-label={`${colormap} colormap from ${formatValue(min)} to ${formatValue(max)}`} style={{ width, background: colormapGradient(colormap) }}>
        {!constant && min === -max && <span className="cs-legend-zero">0</span>}
      </span>
      <span className="cs-legend-value" data-testid="color-legend-max">
        {formatValue(max)}
      </span>
      {constant && <span className="cs-legend-note">constant: drawn in the middle colour</span>}
    </div>
  );
}
