import { CartesianGrid, Line, LineChart as Chart, Tooltip, XAxis, YAxis, type DotItemDotProps } from 'recharts';
import { formatValue } from '../feature-maps/format-value.js';
import { chartRows, isolatedPoint, stepAxis, valueAxis } from './chart-axes.js';
import { axisLabelStyle, axisTick, gridStroke, seriesColor, tooltipStyles } from './chart-theme.js';

/** One curve: `values[i]` is drawn at x = `xStart + i` (e.g. epoch numbers). */
export interface LineSeries {
  name: string;
  values: readonly number[];
  /** Any CSS colour; default the theme's `--cs-series-N` for the series' position. */
  color?: string;
  /** A dashed line, so two series stay apart without relying on colour alone. */
  dashed?: boolean;
  /** Index of a point to ring (a plateau's first epoch, say); its dot is drawn whatever the series' length. */
  mark?: number;
  /** What the ring means, for its tooltip: "plateau from epoch 3". */
  markLabel?: string;
}

/** Props of {@link LineChart}. */
export interface LineChartProps {
  series: readonly LineSeries[];
  /** Heading and accessible name, e.g. "Loss". */
  title: string;
  /** One line under the title saying what is plotted. */
  subtitle?: string;
  width?: number;
  height?: number;
  /** x of the first value. Default 1 (epoch 1). */
  xStart?: number;
  /** x axis label with its unit, e.g. "Epoch". */
  xLabel?: string;
  /** y axis label with its unit, e.g. "Cross-entropy (nats)". */
  yLabel?: string;
  /** Fixed y interval, e.g. [0, 1] for accuracy; default round ticks around the data. */
  yDomain?: readonly [number, number];
  /** Formats ticks, the tooltip and the legend's latest values; default 4 significant digits. */
  format?: (value: number) => string;
}

/** Up to this many points per series every point gets a dot; beyond, only points no segment reaches. */
const DOTS_UP_TO = 30;

/**
 * A line chart of values per step (training curves per epoch) on recharts: a title, axes with
 * labels and round ticks, a legend with each series' latest value, a tooltip, gaps where a value
 * is not finite, and a dot on every point of short series, so a one-epoch run shows its point.
 * Colours come from the theme's `--cs-series-*` variables.
 *
 * @example
 * <LineChart title="Loss" xLabel="Epoch" yLabel="Cross-entropy (nats)"
 *   series={[{ name: 'train', values: [2.3, 0.9, 0.4] }, { name: 'validation', values: [2.2, 1.0, 0.6], dashed: true }]} />
 */
export function LineChart({ series, title, subtitle, width = 320, height = 200, xStart = 1, xLabel, yLabel, yDomain, format = formatValue }: LineChartProps) {
  const length = Math.max(0, ...series.map((s) => s.values.length));
  const rows = chartRows(series.map((s) => s.values), xStart);
  const x = stepAxis(xStart, length);
  const y = valueAxis(series.map((s) => s.values), yDomain);
  const latest = series.map((s) => [...s.values].reverse().find(Number.isFinite));
  const summary = series.map((s, i) => `${s.name} ${latest[i] === undefined ? 'none' : format(latest[i])}`).join(', ');
  const titleId = `cs-chart-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <figure className="cs-line-chart" aria-labelledby={titleId} data-points={length} style={{ width }}>
      <figcaption>
        <span className="cs-chart-title" id={titleId}>{title}</span>
        {subtitle && <span className="cs-chart-subtitle">{subtitle}</span>}
      </figcaption>
      <div role="img" aria-label={length ? `${title}: ${summary} at ${xLabel?.toLowerCase() ?? 'x'} ${xStart + length - 1}` : `${title}: no data yet`}>
        <Chart width={width} height={height} data={rows} margin={{ top: 8, right: 16, bottom: xLabel ? 14 : 4, left: yLabel ? 10 : 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke={gridStroke} vertical={false} />
          <XAxis
            dataKey="x"
            type="number"
            domain={x.domain}
            ticks={x.ticks}
            padding={{ left: 10, right: 10 }}
            tick={axisTick}
            stroke={gridStroke}
            label={xLabel ? { value: xLabel, position: 'insideBottom', offset: -8, className: 'cs-axis-label', style: axisLabelStyle } : undefined}
          />
          <YAxis
            type="number"
            domain={y.domain}
            ticks={y.ticks}
            tick={axisTick}
            stroke={gridStroke}
            width={52}
            tickFormatter={(v: number) => format(v)}
            label={yLabel ? { value: yLabel, angle: -90, position: 'insideLeft', offset: 0, style: { ...axisLabelStyle, textAnchor: 'middle' }, className: 'cs-axis-label' } : undefined}
          />
          <Tooltip
            {...tooltipStyles}
            labelFormatter={(v) => `${xLabel ?? 'x'} ${String(v)}`}
            formatter={(v) => (typeof v === 'number' ? format(v) : String(v))}
          />
          {series.map((s, i) => (
            <Line
              key={s.name}
              dataKey={`s${i}`}
              name={s.name}
              type="linear"
              stroke={s.color ?? seriesColor(i)}
              strokeWidth={2}
              strokeDasharray={s.dashed ? '5 4' : undefined}
              connectNulls={false}
              isAnimationActive={false}
              dot={(props: DotItemDotProps) => seriesDot(props, s, i, length)}
              activeDot={{ r: 5 }}
            />
          ))}
        </Chart>
      </div>
      <ul className="cs-chart-legend" aria-label={`${title} legend`}>
        {series.map((s, i) => (
          <li key={s.name} className="cs-legend-item" data-series={s.name}>
            <svg width="18" height="8" aria-hidden="true">
              <line x1="1" x2="17" y1="4" y2="4" stroke={s.color ?? seriesColor(i)} strokeWidth="2" strokeDasharray={s.dashed ? '4 3' : undefined} />
            </svg>
            {s.name}
            {latest[i] !== undefined && <span className="cs-legend-value" data-value={latest[i]}>{format(latest[i])}</span>}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** A point's dot: every point of a short series, and any point no segment reaches. */
function seriesDot({ cx, cy, index }: DotItemDotProps, s: LineSeries, i: number, length: number) {
  const value = s.values[index];
  const marked = index === s.mark && cx !== undefined && cy !== undefined && Number.isFinite(value);
  const draw = cx !== undefined && cy !== undefined && Number.isFinite(value) && (marked || length <= DOTS_UP_TO || isolatedPoint(s.values, index));
  if (!draw) return <g key={`${s.name}-${index}`} />;
  if (marked) {
    return (
      <g key={`${s.name}-${index}`} className="cs-chart-mark" data-series={s.name} data-index={index}>
        <title>{`${s.name}: ${s.markLabel ?? 'marked'}`}</title>
        <circle cx={cx} cy={cy} r={7} fill="none" stroke={s.color ?? seriesColor(i)} strokeWidth={2} />
        <circle className="cs-chart-point" data-series={s.name} data-index={index} data-value={value} cx={cx} cy={cy} r={3.5} fill={s.color ?? seriesColor(i)} />
      </g>
    );
  }
  return (
    <circle
      key={`${s.name}-${index}`}
      className="cs-chart-point"
      data-series={s.name}
      data-index={index}
      data-value={value}
      cx={cx}
      cy={cy}
      r={3.5}
      fill={s.color ?? seriesColor(i)}
      stroke="var(--cs-surface)"
      strokeWidth={1.5}
    />
  );
}
