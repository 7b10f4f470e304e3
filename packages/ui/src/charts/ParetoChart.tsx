import { CartesianGrid, ComposedChart, Line, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { niceTicks } from './chart-axes.js';
import { axisLabelStyle, axisTick, gridStroke, seriesColor, tooltipStyles } from './chart-theme.js';
import { formatSi } from './format-number.js';

/** One point of a {@link ParetoChart}: a variant's cost and accuracy. */
export interface ParetoPoint {
  id: string;
  label: string;
  /** Parameters or MACs: drawn on a log scale, so it must be positive. */
  cost: number;
  accuracy: number;
  onFront: boolean;
}

export interface ParetoChartProps {
  points: readonly ParetoPoint[];
  title: string;
  subtitle?: string;
  /** The cost's name with its unit, e.g. "Parameters". */
  costLabel: string;
  width?: number;
  height?: number;
}

/** Powers of ten (and 2x, 5x between) covering [lo, hi], for a log axis. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e;
      if (t >= lo && t <= hi) ticks.push(t);
    }
  }
  return ticks.length >= 2 ? ticks : [lo, hi];
}

/**
 * Accuracy against cost (parameters or MACs, log scale), one dot per variant, with the Pareto
 * front (the variants no other beats on both) as a step line and filled dots; dots off the front
 * are hollow. The tooltip names the variant.
 *
 * @example
 * <ParetoChart title="Accuracy vs parameters" costLabel="Parameters" points={[{ id: 'v0', label: '3x3', cost: 52138, accuracy: 0.97, onFront: true }]} />
 */
export function ParetoChart({ points, title, subtitle, costLabel, width = 320, height = 220 }: ParetoChartProps) {
  const usable = points.filter((p) => p.cost > 0 && Number.isFinite(p.accuracy));
  const titleId = `cs-chart-${title.replace(/\W+/g, '-').toLowerCase()}`;
  const front = usable.filter((p) => p.onFront).sort((a, b) => a.cost - b.cost);
  const costs = usable.map((p) => p.cost);
  const lo = costs.length ? Math.min(...costs) / 1.6 : 1;
  const hi = costs.length ? Math.max(...costs) * 1.6 : 10;
  const accuracies = usable.map((p) => p.accuracy);
  const aLo = accuracies.length ? Math.min(...accuracies) : 0;
  const aHi = accuracies.length ? Math.max(...accuracies) : 1;
  const pad = Math.max(0.005, (aHi - aLo) * 0.15);
  const yTicks = niceTicks(Math.max(0, aLo - pad), Math.min(1, aHi + pad), 5);
  const pct = (v: number) => `${(100 * v).toFixed(Math.abs(aHi - aLo) < 0.05 ? 1 : 0)}%`;
  const summary = front.map((p) => `${p.label} ${pct(p.accuracy)} at ${formatSi(p.cost)}`).join('; ');
  return (
    <figure className="cs-line-chart cs-pareto-chart" aria-labelledby={titleId} style={{ width }} data-points={usable.length} data-front={front.length}>
      <figcaption>
        <span className="cs-chart-title" id={titleId}>{title}</span>
        {subtitle && <span className="cs-chart-subtitle">{subtitle}</span>}
      </figcaption>
      <div role="img" aria-label={usable.length ? `${title}: Pareto front ${summary}` : `${title}: no finished runs yet`}>
        <ComposedChart width={width} height={height} margin={{ top: 8, right: 16, bottom: 14, left: 10 }} accessibilityLayer={false}>
          <CartesianGrid stroke={gridStroke} />
          <XAxis dataKey="cost" type="number" scale="log" domain={[lo, hi]} ticks={logTicks(lo, hi)} allowDataOverflow tick={axisTick} stroke={gridStroke} tickFormatter={(v: number) => formatSi(v)}
            label={{ value: `${costLabel} (log scale)`, position: 'insideBottom', offset: -8, className: 'cs-axis-label', style: axisLabelStyle }} />
          <YAxis dataKey="accuracy" type="number" domain={[yTicks[0], yTicks[yTicks.length - 1]]} ticks={yTicks} tick={axisTick} stroke={gridStroke} width={52} tickFormatter={pct}
            label={{ value: 'Test accuracy', angle: -90, position: 'insideLeft', offset: 0, style: { ...axisLabelStyle, textAnchor: 'middle' }, className: 'cs-axis-label' }} />
          <Tooltip {...tooltipStyles} formatter={(v, name) => (name === 'accuracy' && typeof v === 'number' ? pct(v) : typeof v === 'number' ? formatSi(v) : String(v))}
            labelFormatter={() => ''} />
          <Line data={front} dataKey="accuracy" type="stepAfter" stroke={seriesColor(0)} strokeDasharray="5 4" dot={false} isAnimationActive={false} name="Pareto front" />
          <Scatter data={usable} dataKey="accuracy" isAnimationActive={false}
            shape={(props: { cx?: number; cy?: number; payload?: ParetoPoint }) => (
              <circle className="cs-pareto-point" data-id={props.payload?.id} data-front={props.payload?.onFront ? 'yes' : 'no'} cx={props.cx} cy={props.cy} r={5}
                fill={props.payload?.onFront ? seriesColor(0) : 'var(--cs-surface)'} stroke={seriesColor(0)} strokeWidth={2}>
                <title>{`${props.payload?.label}: ${pct(props.payload?.accuracy ?? 0)}, ${formatSi(props.payload?.cost ?? 0)} ${costLabel.toLowerCase()}`}</title>
              </circle>
            )} />
        </ComposedChart>
      </div>
    </figure>
  );
}
