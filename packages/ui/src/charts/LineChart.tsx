import { formatValue } from '../feature-maps/format-value.js';
import { linearScale, linePath, niceTicks, valueExtent } from './line-chart-geometry.js';

/** One curve: `values[i]` is drawn at x = `xStart + i` (e.g. epoch numbers). */
export interface LineSeries {
  name: string;
  values: readonly number[];
  /** Any CSS colour; default one of the theme's `--cs-series-N` colours. */
  color?: string;
}

/** Props of {@link LineChart}. */
export interface LineChartProps {
  series: readonly LineSeries[];
  /** Accessible name and heading, e.g. "Loss". */
  title: string;
  width?: number;
  height?: number;
  /** x of the first value. Default 1 (epoch 1). */
  xStart?: number;
  xLabel?: string;
  /** Fixed y interval, e.g. [0, 1] for accuracy; default the data's extent. */
  yDomain?: readonly [number, number];
}

const MARGIN = { top: 8, right: 12, bottom: 30, left: 46 };
const palette = (i: number) => `var(--cs-series-${(i % 4) + 1})`;

/**
 * A dependency-free SVG line chart for training curves (loss, accuracy), with axes, round ticks,
 * a legend, and gaps where a value is NaN.
 *
 * @example
 * <LineChart title="Loss" xLabel="epoch" series={[{ name: 'train', values: [2.3, 0.9, 0.4] }, { name: 'validation', values: [2.2, 1.0, 0.6] }]} />
 */
export function LineChart({ series, title, width = 320, height = 180, xStart = 1, xLabel, yDomain }: LineChartProps) {
  const length = Math.max(0, ...series.map((s) => s.values.length));
  const [y0, y1] = yDomain ?? valueExtent(series.map((s) => s.values));
  const yTicks = niceTicks(y0, y1, 4);
  const yMin = yDomain ? y0 : Math.min(y0, yTicks[0] ?? y0);
  const yMax = yDomain ? y1 : Math.max(y1, yTicks[yTicks.length - 1] ?? y1);
  const xEnd = xStart + Math.max(1, length - 1);
  const x = linearScale([xStart, xEnd], [MARGIN.left, width - MARGIN.right]);
  const y = linearScale([yMin, yMax], [height - MARGIN.bottom, MARGIN.top]);
  const xTicks = niceTicks(xStart, xEnd, 5).filter((t) => t >= xStart && t <= xEnd && Number.isInteger(t));
  return (
    <figure className="cs-line-chart">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        <title>{title}</title>
        <g className="cs-axis">
          {yTicks.filter((t) => t >= yMin && t <= yMax).map((t) => (
            <g key={`y${t}`} data-testid="y-tick">
              <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} className="cs-grid-line" />
              <text x={MARGIN.left - 4} y={y(t)} textAnchor="end" dominantBaseline="middle">
                {formatValue(t)}
              </text>
            </g>
          ))}
          {xTicks.map((t) => (
            <text key={`x${t}`} x={x(t)} y={height - MARGIN.bottom + 14} textAnchor="middle" data-testid="x-tick">
              {t}
            </text>
          ))}
          {xLabel && (
            <text x={(MARGIN.left + width - MARGIN.right) / 2} y={height - 2} textAnchor="middle">
              {xLabel}
            </text>
          )}
        </g>
        {series.map((s, i) => (
          <path
            key={s.name}
            d={linePath(s.values, (index) => x(xStart + index), y)}
            data-testid="line-series"
            data-series={s.name}
            fill="none"
            style={{ stroke: s.color ?? palette(i) }}
            className="cs-line"
          />
        ))}
      </svg>
      <figcaption className="cs-legend">
        {series.map((s, i) => {
          const last = [...s.values].reverse().find(Number.isFinite);
          return (
            <span key={s.name} className="cs-legend-item">
              <span className="cs-swatch" style={{ background: s.color ?? palette(i) }} /> {s.name}
              {last !== undefined && <span className="cs-muted"> {formatValue(last)}</span>}
            </span>
          );
        })}
      </figcaption>
    </figure>
  );
}
